-- migration 114
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS events_114_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  refund_0 timestamptz DEFAULT now(),
  shipment_1 integer,
  cart_2 text NOT NULL,
  user_3 boolean NOT NULL DEFAULT false,
  event_4 timestamptz DEFAULT now(),
  order_5 jsonb NOT NULL,
  order_6 integer NOT NULL,
  session_7 jsonb NOT NULL,
  products_36_1_id bigint REFERENCES products_36_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS coupons_114_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_0 timestamptz DEFAULT now(),
  product_1 uuid DEFAULT gen_random_uuid(),
  event_2 text,
  product_3 bigint,
  coupon_4 bigint,
  refund_5 integer,
  product_6 text NOT NULL DEFAULT '',
  project_7 jsonb DEFAULT '{}'::jsonb,
  products_10_5_id bigint REFERENCES products_10_5 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX coupons_114_2_created_idx ON coupons_114_2 (created_at);
