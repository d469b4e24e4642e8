-- migration 156
CREATE INDEX IF NOT EXISTS coupons_33_0_product_35_1_idx_156 ON coupons_33_0 (product_35_1);

CREATE TABLE IF NOT EXISTS products_156_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_0 boolean,
  coupon_1 jsonb DEFAULT '{}'::jsonb,
  users_148_1_id bigint REFERENCES users_148_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'addresss_82_4_156') THEN
    RAISE NOTICE 'no addresss_82_4_156';
  END IF;
END
$$;

CREATE TABLE IF NOT EXISTS coupons_156_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_0 integer DEFAULT 0,
  session_1 timestamptz,
  project_2 bigint NOT NULL,
  comment_3 text NOT NULL,
  coupon_4 integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX coupons_156_3_created_idx ON coupons_156_3 (created_at);

ALTER TABLE reviews_93_2 ADD COLUMN refund_156_5 integer NOT NULL DEFAULT 0;
