-- migration 187
ALTER TABLE events_43_0 ADD COLUMN project_187_0 integer DEFAULT 0;

UPDATE shipments_160_7 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

CREATE OR REPLACE FUNCTION teams_96_1_touch_187() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER teams_96_1_touch_187_trg BEFORE INSERT ON teams_96_1 FOR EACH ROW EXECUTE FUNCTION teams_96_1_touch_187();

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'accounts_74_3_187') THEN
    RAISE NOTICE 'no accounts_74_3_187';
  END IF;
END
$$;
