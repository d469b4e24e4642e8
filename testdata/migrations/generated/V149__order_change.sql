-- migration 149
SET lock_timeout = '5s';

BEGIN;

ALTER TABLE events_114_1 ALTER COLUMN order_6 SET NOT NULL;

CREATE INDEX IF NOT EXISTS addresss_14_3_address_6_idx_149 ON addresss_14_3 (address_6);

COMMIT;
