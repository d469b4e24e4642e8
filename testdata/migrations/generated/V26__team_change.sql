-- migration 26
SET lock_timeout = '5s';

BEGIN;

CREATE TABLE IF NOT EXISTS refunds_26_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_0 integer DEFAULT 0,
  session_1 numeric(12,2),
  payment_2 boolean NOT NULL,
  refund_3 text,
  address_4 text,
  session_5 bigint,
  task_6 integer,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS projects_26_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 varchar(255) NOT NULL DEFAULT '',
  account_1 integer NOT NULL,
  coupon_2 boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX projects_26_3_created_idx ON projects_26_3 (created_at);

ALTER TABLE orders_4_3 RENAME COLUMN session_1 TO session_1_old;

ALTER TABLE orders_11_2 ADD CONSTRAINT orders_11_2_cart_4_chk_26 CHECK (cart_4 IS NOT NULL) NOT VALID;

ALTER TABLE orders_11_2 VALIDATE CONSTRAINT orders_11_2_cart_4_chk_26;

COMMIT;
