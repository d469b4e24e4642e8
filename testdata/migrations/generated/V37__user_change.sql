-- migration 37
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS reviews_37_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_0 uuid NOT NULL DEFAULT gen_random_uuid(),
  task_1 uuid,
  address_2 uuid,
  team_3 boolean,
  user_4 numeric(12,2) DEFAULT 0,
  payment_5 bigint DEFAULT 0,
  cart_6 uuid,
  refunds_29_3_id bigint REFERENCES refunds_29_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX reviews_37_1_created_idx ON reviews_37_1 (created_at);
