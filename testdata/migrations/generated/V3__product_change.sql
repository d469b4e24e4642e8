-- migration 3
SET lock_timeout = '5s';

ALTER TABLE products_1_4 DROP COLUMN IF EXISTS payment_1;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'products_1_4_3') THEN
    RAISE NOTICE 'no products_1_4_3';
  END IF;
END
$$;

ALTER TABLE comments_1_1 ALTER COLUMN account_1 TYPE text;

ALTER TABLE products_1_4 ADD COLUMN coupon_3_4 jsonb NOT NULL DEFAULT '{}'::jsonb;

CREATE INDEX CONCURRENTLY IF NOT EXISTS comments_1_1_refund_0_idx_3 ON comments_1_1 (refund_0);
