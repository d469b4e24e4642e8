-- migration 113
BEGIN;

CREATE TABLE IF NOT EXISTS reviews_113_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_0 jsonb NOT NULL DEFAULT '{}'::jsonb,
  session_1 integer,
  address_2 numeric(12,2),
  team_3 jsonb NOT NULL DEFAULT '{}'::jsonb,
  cart_4 uuid DEFAULT gen_random_uuid(),
  payment_5 varchar(255),
  cart_6 jsonb NOT NULL,
  address_7 boolean,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX reviews_113_1_created_idx ON reviews_113_1 (created_at);

ALTER TABLE projects_47_1 ADD CONSTRAINT projects_47_1_event_0_chk_113 CHECK (event_0 IS NOT NULL);

CREATE TABLE IF NOT EXISTS tasks_113_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_0 uuid,
  product_1 bigint DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE accounts_77_2 DROP COLUMN IF EXISTS review_90_2;

CREATE INDEX IF NOT EXISTS orders_24_2_session_1_idx_113 ON orders_24_2 (session_1);

CREATE TABLE IF NOT EXISTS events_113_7 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cart_0 bigint,
  payment_1 bigint NOT NULL DEFAULT 0,
  order_2 bigint,
  order_3 varchar(255) DEFAULT '',
  coupon_4 numeric(12,2) NOT NULL DEFAULT 0,
  address_5 timestamptz NOT NULL,
  order_6 integer,
  orders_82_0_id bigint REFERENCES orders_82_0 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_113_7_created_idx ON events_113_7 (created_at);

COMMIT;
