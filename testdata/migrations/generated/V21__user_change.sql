-- migration 21
CREATE TABLE IF NOT EXISTS coupons_21_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 integer,
  user_1 integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE users_6_3 ADD COLUMN shipment_21_1 boolean NOT NULL DEFAULT false;

CREATE TABLE IF NOT EXISTS coupons_21_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  refund_0 bigint NOT NULL,
  shipment_1 bigint,
  team_2 uuid NOT NULL,
  session_3 uuid NOT NULL,
  invoice_4 boolean NOT NULL,
  user_5 boolean NOT NULL,
  order_6 numeric(12,2) NOT NULL,
  cart_7 uuid NOT NULL DEFAULT gen_random_uuid(),
  products_1_4_id bigint REFERENCES products_1_4 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX coupons_21_2_created_idx ON coupons_21_2 (created_at);

CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_13_4_coupon_17_3_idx_21 ON payments_13_4 (coupon_17_3);

ALTER TABLE payments_13_4 ADD COLUMN cart_21_5 timestamptz;
