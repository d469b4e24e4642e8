-- migration 180
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS accounts_180_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_0 uuid,
  project_1 bigint,
  project_2 bigint,
  refund_3 bigint,
  invoice_4 varchar(255) DEFAULT '',
  coupon_5 numeric(12,2),
  shipment_6 timestamptz NOT NULL,
  user_7 timestamptz DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
