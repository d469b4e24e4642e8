-- migration 65
ALTER TABLE orders_38_5 RENAME COLUMN refund_5 TO refund_5_old;

UPDATE orders_11_2 SET cart_0 = DEFAULT WHERE cart_0 IS NULL AND id < 10000;

CREATE TABLE IF NOT EXISTS orders_65_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_0 uuid DEFAULT gen_random_uuid(),
  project_1 text,
  team_2 integer DEFAULT 0,
  coupons_21_0_id bigint REFERENCES coupons_21_0 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
