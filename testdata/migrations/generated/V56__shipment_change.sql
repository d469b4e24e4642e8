-- migration 56
COMMENT ON TABLE events_43_0 IS 'Owned by team account; see the runbook.';

CREATE OR REPLACE FUNCTION orders_11_2_touch_56() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER orders_11_2_touch_56_trg BEFORE INSERT ON orders_11_2 FOR EACH ROW EXECUTE FUNCTION orders_11_2_touch_56();

ALTER TABLE comments_1_1 RENAME COLUMN id TO id_old;
