-- migration 78
SET lock_timeout = '5s';

ALTER TABLE orders_65_2 ADD COLUMN user_78_1 timestamptz DEFAULT now();

ALTER TABLE carts_38_1 ADD COLUMN refund_78_2 numeric(12,2) DEFAULT 0;

CREATE TABLE IF NOT EXISTS comments_78_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_0 jsonb NOT NULL,
  account_1 numeric(12,2) NOT NULL DEFAULT 0,
  product_2 bigint NOT NULL DEFAULT 0,
  cart_3 integer DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX comments_78_3_created_idx ON comments_78_3 (created_at);
