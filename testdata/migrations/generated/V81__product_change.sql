-- migration 81
CREATE OR REPLACE FUNCTION teams_49_5_touch_81() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER teams_49_5_touch_81_trg BEFORE INSERT ON teams_49_5 FOR EACH ROW EXECUTE FUNCTION teams_49_5_touch_81();

ALTER TABLE users_6_3 DROP COLUMN IF EXISTS user_29_4;

COMMENT ON TABLE comments_24_5 IS 'Owned by team shipment; see the runbook.';

ALTER TABLE coupons_21_0 ADD COLUMN cart_81_4 varchar(255) NOT NULL;

ALTER TABLE invoices_19_2 ADD COLUMN user_81_5 boolean NOT NULL DEFAULT false;

ALTER TABLE comments_44_1 ALTER COLUMN cart_2 TYPE text;
