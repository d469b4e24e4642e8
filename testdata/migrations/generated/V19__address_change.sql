-- migration 19
SET lock_timeout = '5s';

BEGIN;

CREATE TABLE IF NOT EXISTS invoices_19_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 timestamptz,
  order_1 varchar(255),
  comment_2 bigint NOT NULL DEFAULT 0,
  account_3 boolean NOT NULL DEFAULT false,
  user_4 text NOT NULL DEFAULT '',
  payment_5 numeric(12,2) NOT NULL DEFAULT 0,
  product_6 boolean DEFAULT false,
  account_7 boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX invoices_19_2_created_idx ON invoices_19_2 (created_at);

CREATE TABLE IF NOT EXISTS reviews_19_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cart_0 uuid DEFAULT gen_random_uuid(),
  product_1 text,
  addresss_14_3_id bigint REFERENCES addresss_14_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX reviews_19_4_created_idx ON reviews_19_4 (created_at);

COMMIT;
