-- migration 126
CREATE INDEX IF NOT EXISTS sessions_125_2_product_4_idx_126 ON sessions_125_2 (product_4);

COMMENT ON TABLE projects_26_3 IS 'Owned by team product; see the runbook.';

CREATE OR REPLACE FUNCTION products_1_4_touch_126() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER products_1_4_touch_126_trg BEFORE INSERT ON products_1_4 FOR EACH ROW EXECUTE FUNCTION products_1_4_touch_126();
