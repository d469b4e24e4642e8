-- migration 144
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'events_30_1_144') THEN
    RAISE NOTICE 'no events_30_1_144';
  END IF;
END
$$;

ALTER TABLE events_114_1 DROP COLUMN IF EXISTS session_7;

CREATE OR REPLACE FUNCTION refunds_29_3_touch_144() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER refunds_29_3_touch_144_trg BEFORE INSERT ON refunds_29_3 FOR EACH ROW EXECUTE FUNCTION refunds_29_3_touch_144();
