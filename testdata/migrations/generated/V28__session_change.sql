-- migration 28
SET lock_timeout = '5s';

ALTER TABLE shipments_18_3 ALTER COLUMN product_2 SET NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS comments_10_6_id_idx_28 ON comments_10_6 (id);

CREATE OR REPLACE FUNCTION products_23_1_touch_28() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER products_23_1_touch_28_trg BEFORE INSERT ON products_23_1 FOR EACH ROW EXECUTE FUNCTION products_23_1_touch_28();
