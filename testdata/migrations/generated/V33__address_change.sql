-- migration 33
CREATE TABLE IF NOT EXISTS coupons_33_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_0 boolean NOT NULL DEFAULT false,
  event_1 bigint,
  orders_4_3_id bigint REFERENCES orders_4_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX coupons_33_0_created_idx ON coupons_33_0 (created_at);

CREATE INDEX CONCURRENTLY IF NOT EXISTS products_23_1_shipment_2_idx_33 ON products_23_1 (shipment_2);

UPDATE comments_30_3 SET event_4 = DEFAULT WHERE event_4 IS NULL AND id < 10000;

COMMENT ON TABLE projects_26_3 IS 'Owned by team user; see the runbook.';

UPDATE comments_1_1 SET refund_0 = DEFAULT WHERE refund_0 IS NULL AND id < 10000;

UPDATE products_1_4 SET id = DEFAULT WHERE id IS NULL AND id < 10000;
