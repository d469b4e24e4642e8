-- migration 79
ALTER TABLE coupons_21_0 ADD COLUMN team_79_0 text NOT NULL;

ALTER TABLE coupons_33_0 ADD COLUMN account_79_1 text NOT NULL DEFAULT '';

CREATE INDEX IF NOT EXISTS payments_13_4_coupon_17_3_idx_79 ON payments_13_4 (coupon_17_3);

CREATE OR REPLACE FUNCTION carts_38_1_touch_79() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER carts_38_1_touch_79_trg BEFORE INSERT ON carts_38_1 FOR EACH ROW EXECUTE FUNCTION carts_38_1_touch_79();

COMMENT ON TABLE teams_4_0 IS 'Owned by team team; see the runbook.';

CREATE INDEX IF NOT EXISTS comments_30_3_task_1_idx_79 ON comments_30_3 (task_1);
