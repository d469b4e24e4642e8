-- migration 2
SET lock_timeout = '5s';

CREATE OR REPLACE FUNCTION comments_1_1_touch_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER comments_1_1_touch_2_trg BEFORE INSERT ON comments_1_1 FOR EACH ROW EXECUTE FUNCTION comments_1_1_touch_2();
