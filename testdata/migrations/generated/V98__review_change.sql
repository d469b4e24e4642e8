-- migration 98
CREATE TABLE IF NOT EXISTS reviews_98_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_0 jsonb DEFAULT '{}'::jsonb,
  account_1 boolean,
  order_2 bigint,
  product_3 numeric(12,2) NOT NULL,
  payment_4 jsonb,
  task_5 bigint NOT NULL,
  session_6 jsonb DEFAULT '{}'::jsonb,
  payment_7 jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

UPDATE carts_38_1 SET session_1 = DEFAULT WHERE session_1 IS NULL AND id < 10000;
