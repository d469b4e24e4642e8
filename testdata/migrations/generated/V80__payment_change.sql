-- migration 80
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS payments_80_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_0 jsonb,
  cart_1 integer DEFAULT 0,
  coupon_2 varchar(255) DEFAULT '',
  cart_3 boolean,
  order_4 bigint NOT NULL DEFAULT 0,
  task_5 boolean,
  cart_6 bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS comments_24_5_session_0_idx_80 ON comments_24_5 (session_0);

ALTER TABLE users_69_2 ADD CONSTRAINT users_69_2_order_0_chk_80 CHECK (order_0 IS NOT NULL);

ALTER TABLE orders_11_2 ADD COLUMN payment_80_4 boolean NOT NULL DEFAULT false;

ALTER TABLE payments_27_3 DROP COLUMN IF EXISTS refund_70_0;
