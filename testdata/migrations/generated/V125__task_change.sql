-- migration 125
SET lock_timeout = '5s';

COMMENT ON TABLE orders_11_2 IS 'Owned by team review; see the runbook.';

CREATE TABLE IF NOT EXISTS sessions_125_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_0 numeric(12,2) DEFAULT 0,
  shipment_1 timestamptz,
  refund_2 uuid,
  invoice_3 timestamptz DEFAULT now(),
  product_4 boolean DEFAULT false,
  payments_84_1_id bigint REFERENCES payments_84_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sessions_125_2_created_idx ON sessions_125_2 (created_at);
