-- migration 62
SET lock_timeout = '5s';

CREATE INDEX CONCURRENTLY IF NOT EXISTS sessions_22_5_review_0_idx_62 ON sessions_22_5 (review_0);

CREATE INDEX IF NOT EXISTS shipments_18_3_refund_3_idx_62 ON shipments_18_3 (refund_3);

ALTER TABLE tasks_14_5 ADD COLUMN review_62_3 text DEFAULT '';

UPDATE products_36_1 SET refund_3 = DEFAULT WHERE refund_3 IS NULL AND id < 10000;
