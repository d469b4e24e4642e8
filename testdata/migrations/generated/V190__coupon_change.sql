-- migration 190
CREATE TABLE IF NOT EXISTS orders_190_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 integer,
  order_1 timestamptz NOT NULL DEFAULT now(),
  coupon_2 jsonb DEFAULT '{}'::jsonb,
  payments_84_1_id bigint REFERENCES payments_84_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_190_0_created_idx ON orders_190_0 (created_at);
