-- migration 118
SET lock_timeout = '5s';

BEGIN;

CREATE TABLE IF NOT EXISTS payments_118_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_0 integer NOT NULL,
  shipment_1 uuid NOT NULL,
  account_2 boolean,
  session_3 timestamptz,
  product_4 bigint NOT NULL,
  review_5 bigint,
  comments_24_5_id bigint REFERENCES comments_24_5 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE addresss_96_0 IS 'Owned by team task; see the runbook.';

ALTER TABLE payments_80_1 ALTER COLUMN order_4 TYPE text;

ALTER TABLE coupons_107_3 ADD COLUMN event_118_5 uuid DEFAULT gen_random_uuid();

COMMIT;
