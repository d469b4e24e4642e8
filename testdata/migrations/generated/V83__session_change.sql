-- migration 83
ALTER TABLE payments_80_1 ALTER COLUMN id TYPE text;

CREATE TABLE IF NOT EXISTS coupons_83_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  refund_0 text NOT NULL DEFAULT '',
  account_1 uuid NOT NULL DEFAULT gen_random_uuid(),
  product_2 jsonb,
  coupon_3 timestamptz,
  review_4 integer,
  coupon_5 timestamptz DEFAULT now(),
  product_6 timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
