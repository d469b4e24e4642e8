-- migration 101
COMMENT ON TABLE projects_47_1 IS 'Owned by team session; see the runbook.';

ALTER TABLE products_1_4 ADD COLUMN user_101_1 integer NOT NULL;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'reviews_37_1_101') THEN
    RAISE NOTICE 'no reviews_37_1_101';
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION products_91_0_touch_101() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER products_91_0_touch_101_trg BEFORE INSERT ON products_91_0 FOR EACH ROW EXECUTE FUNCTION products_91_0_touch_101();
