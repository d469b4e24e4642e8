-- migration 49
ALTER TABLE coupons_33_0 ADD COLUMN account_49_0 bigint;

ALTER TABLE sessions_22_5 ALTER COLUMN order_1 SET NOT NULL;

ALTER TABLE products_10_5 ADD CONSTRAINT products_10_5_address_2_chk_49 CHECK (address_2 IS NOT NULL) NOT VALID;

ALTER TABLE products_10_5 VALIDATE CONSTRAINT products_10_5_address_2_chk_49;

CREATE TABLE IF NOT EXISTS users_49_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 jsonb DEFAULT '{}'::jsonb,
  account_1 numeric(12,2),
  session_2 uuid,
  product_3 numeric(12,2) DEFAULT 0,
  order_4 boolean,
  shipments_18_3_id bigint REFERENCES shipments_18_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS teams_49_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_0 boolean NOT NULL DEFAULT false,
  team_1 timestamptz NOT NULL DEFAULT now(),
  payment_2 numeric(12,2) NOT NULL,
  cart_3 numeric(12,2) NOT NULL,
  review_4 text,
  review_5 boolean,
  addresss_14_3_id bigint REFERENCES addresss_14_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE reviews_19_4 ADD COLUMN product_49_6 boolean DEFAULT false;
