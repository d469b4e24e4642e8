-- migration 60
SET lock_timeout = '5s';

CREATE INDEX CONCURRENTLY IF NOT EXISTS products_23_1_address_0_idx_60 ON products_23_1 (address_0);

ALTER TABLE payments_13_4 DROP COLUMN IF EXISTS cart_21_5;
