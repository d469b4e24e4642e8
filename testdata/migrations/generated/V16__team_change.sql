-- migration 16
SET lock_timeout = '5s';

ALTER TABLE teams_4_0 ADD CONSTRAINT teams_4_0_cart_1_chk_16 CHECK (cart_1 IS NOT NULL) NOT VALID;

ALTER TABLE teams_4_0 VALIDATE CONSTRAINT teams_4_0_cart_1_chk_16;

CREATE OR REPLACE FUNCTION payments_6_5_touch_16() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER payments_6_5_touch_16_trg BEFORE INSERT ON payments_6_5 FOR EACH ROW EXECUTE FUNCTION payments_6_5_touch_16();

ALTER TABLE comments_10_6 ADD COLUMN event_16_5 bigint NOT NULL DEFAULT 0;
