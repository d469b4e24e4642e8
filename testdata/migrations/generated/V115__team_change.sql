-- migration 115
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'products_66_0_115') THEN
    RAISE NOTICE 'no products_66_0_115';
  END IF;
END
$$;

ALTER TABLE coupons_33_0 ALTER COLUMN event_1 SET NOT NULL;

ALTER TABLE payments_13_4 ALTER COLUMN product_13_5 SET NOT NULL;

ALTER TABLE reviews_19_4 DROP COLUMN IF EXISTS invoice_58_2;

CREATE TABLE IF NOT EXISTS carts_115_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  refund_0 varchar(255) NOT NULL,
  order_1 varchar(255),
  invoice_2 text DEFAULT '',
  project_3 numeric(12,2) DEFAULT 0,
  project_4 jsonb NOT NULL,
  cart_5 jsonb,
  session_6 jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX carts_115_4_created_idx ON carts_115_4 (created_at);
