-- migration 22
BEGIN;

COMMENT ON TABLE addresss_14_3 IS 'Owned by team payment; see the runbook.';

COMMENT ON TABLE users_6_3 IS 'Owned by team payment; see the runbook.';

ALTER TABLE payments_13_4 ADD CONSTRAINT payments_13_4_coupon_17_3_chk_22 CHECK (coupon_17_3 IS NOT NULL) NOT VALID;

ALTER TABLE payments_13_4 VALIDATE CONSTRAINT payments_13_4_coupon_17_3_chk_22;

CREATE TABLE IF NOT EXISTS sessions_22_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_0 numeric(12,2) DEFAULT 0,
  order_1 uuid,
  account_2 timestamptz DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE users_6_3 ADD CONSTRAINT users_6_3_shipment_21_1_chk_22 CHECK (shipment_21_1 IS NOT NULL);

CREATE INDEX IF NOT EXISTS coupons_21_0_user_1_idx_22 ON coupons_21_0 (user_1);

COMMIT;
