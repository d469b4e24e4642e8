-- migration 58
SET lock_timeout = '5s';

COMMENT ON TABLE events_46_4 IS 'Owned by team account; see the runbook.';

ALTER TABLE reviews_19_4 ADD COLUMN invoice_58_2 varchar(255) NOT NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS coupons_21_2_shipment_1_idx_58 ON coupons_21_2 (shipment_1);
