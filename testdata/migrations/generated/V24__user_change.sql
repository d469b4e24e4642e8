-- migration 24
SET lock_timeout = '5s';

BEGIN;

CREATE TABLE IF NOT EXISTS orders_24_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_0 text NOT NULL,
  session_1 jsonb NOT NULL DEFAULT '{}'::jsonb,
  team_2 integer NOT NULL,
  cart_3 text,
  comments_1_1_id bigint REFERENCES comments_1_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE tasks_14_2 ADD COLUMN session_24_3 timestamptz;

ALTER TABLE coupons_21_0 ADD CONSTRAINT coupons_21_0_event_0_chk_24 CHECK (event_0 IS NOT NULL);

CREATE TABLE IF NOT EXISTS comments_24_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_0 timestamptz DEFAULT now(),
  coupon_1 timestamptz DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE comments_1_1 ADD CONSTRAINT comments_1_1_refund_0_chk_24 CHECK (refund_0 IS NOT NULL) NOT VALID;

ALTER TABLE comments_1_1 VALIDATE CONSTRAINT comments_1_1_refund_0_chk_24;

COMMIT;
