-- migration 87
BEGIN;

ALTER TABLE orders_82_0 ALTER COLUMN cart_4 TYPE text;

ALTER TABLE events_30_1 ALTER COLUMN task_3 SET NOT NULL;

CREATE TABLE IF NOT EXISTS projects_87_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_0 bigint NOT NULL,
  comment_1 jsonb NOT NULL,
  coupon_2 boolean,
  product_3 timestamptz,
  coupon_4 jsonb,
  refund_5 boolean DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX projects_87_3_created_idx ON projects_87_3 (created_at);

ALTER TABLE orders_24_2 ALTER COLUMN task_0 TYPE text;

CREATE INDEX IF NOT EXISTS orders_82_0_cart_4_idx_87 ON orders_82_0 (cart_4);

COMMIT;
