-- migration 192
CREATE INDEX IF NOT EXISTS shipments_160_7_order_0_idx_192 ON shipments_160_7 (order_0);
