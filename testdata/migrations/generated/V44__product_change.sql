-- migration 44
CREATE TABLE IF NOT EXISTS coupons_44_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_0 numeric(12,2) NOT NULL DEFAULT 0,
  project_1 text DEFAULT '',
  review_2 bigint,
  comment_3 boolean DEFAULT false,
  invoice_4 text NOT NULL,
  order_5 numeric(12,2) DEFAULT 0,
  orders_11_2_id bigint REFERENCES orders_11_2 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS comments_44_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_0 text,
  team_1 bigint NOT NULL DEFAULT 0,
  cart_2 integer,
  account_3 text NOT NULL,
  account_4 numeric(12,2) DEFAULT 0,
  user_5 bigint NOT NULL,
  account_6 uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX comments_44_1_created_idx ON comments_44_1 (created_at);

ALTER TABLE orders_24_2 ADD COLUMN address_44_3 timestamptz DEFAULT now();

ALTER TABLE comments_1_1 DROP COLUMN IF EXISTS account_1;
