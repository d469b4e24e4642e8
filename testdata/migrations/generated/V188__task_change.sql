-- migration 188
CREATE TABLE IF NOT EXISTS products_188_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  coupon_0 numeric(12,2) DEFAULT 0,
  event_1 bigint NOT NULL DEFAULT 0,
  review_2 bigint,
  refund_3 uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX products_188_0_created_idx ON products_188_0 (created_at);
