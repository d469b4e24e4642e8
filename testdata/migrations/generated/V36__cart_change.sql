-- migration 36
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS products_36_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_0 varchar(255) NOT NULL,
  comment_1 varchar(255) DEFAULT '',
  account_2 numeric(12,2) DEFAULT 0,
  refund_3 boolean NOT NULL,
  shipment_4 boolean DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE orders_11_2 DROP COLUMN IF EXISTS user_7;

CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_19_2_team_0_idx_36 ON invoices_19_2 (team_0);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'addresss_14_3_36') THEN
    RAISE NOTICE 'no addresss_14_3_36';
  END IF;
END
$$;

ALTER TABLE sessions_22_5 ADD COLUMN review_36_5 timestamptz;
