-- migration 148
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS users_148_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_0 uuid NOT NULL,
  comment_1 varchar(255) NOT NULL,
  invoices_96_3_id bigint REFERENCES invoices_96_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX users_148_1_created_idx ON users_148_1 (created_at);

CREATE TABLE IF NOT EXISTS payments_148_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_0 timestamptz,
  session_1 varchar(255),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX CONCURRENTLY IF NOT EXISTS coupons_21_0_user_1_idx_148 ON coupons_21_0 (user_1);

CREATE TABLE IF NOT EXISTS projects_148_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  coupon_0 text,
  review_1 text DEFAULT '',
  shipment_2 bigint NOT NULL,
  project_3 bigint NOT NULL DEFAULT 0,
  account_4 timestamptz NOT NULL,
  product_5 numeric(12,2) NOT NULL DEFAULT 0,
  users_49_4_id bigint REFERENCES users_49_4 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS tasks_148_6 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_0 text NOT NULL DEFAULT '',
  account_1 text NOT NULL,
  project_2 boolean DEFAULT false,
  invoice_3 boolean,
  session_4 bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS reviews_148_7 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_0 jsonb NOT NULL DEFAULT '{}'::jsonb,
  address_1 jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX reviews_148_7_created_idx ON reviews_148_7 (created_at);
