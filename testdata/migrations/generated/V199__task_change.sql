-- migration 199
SET lock_timeout = '5s';

ALTER TABLE events_89_1 ADD CONSTRAINT events_89_1_cart_143_0_chk_199 CHECK (cart_143_0 IS NOT NULL) NOT VALID;

ALTER TABLE events_89_1 VALIDATE CONSTRAINT events_89_1_cart_143_0_chk_199;

CREATE TABLE IF NOT EXISTS payments_199_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 timestamptz NOT NULL,
  event_1 text,
  product_2 varchar(255) DEFAULT '',
  payment_3 text DEFAULT '',
  user_4 numeric(12,2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE coupons_150_2 ADD COLUMN cart_199_4 timestamptz;

ALTER TABLE coupons_136_0 RENAME COLUMN id TO id_old;
