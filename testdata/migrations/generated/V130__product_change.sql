-- migration 130
SET lock_timeout = '5s';

ALTER TABLE coupons_83_1 DROP COLUMN IF EXISTS product_6;

CREATE OR REPLACE FUNCTION users_110_7_touch_130() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER users_110_7_touch_130_trg BEFORE INSERT ON users_110_7 FOR EACH ROW EXECUTE FUNCTION users_110_7_touch_130();

ALTER TABLE events_46_4 DROP COLUMN IF EXISTS cart_123_5;

ALTER TABLE reviews_93_2 ADD CONSTRAINT reviews_93_2_id_chk_130 CHECK (id IS NOT NULL);
