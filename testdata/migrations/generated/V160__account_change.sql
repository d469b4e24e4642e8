-- migration 160
SET lock_timeout = '5s';

UPDATE tasks_113_4 SET comment_0 = DEFAULT WHERE comment_0 IS NULL AND id < 10000;

ALTER TABLE teams_139_1 ADD CONSTRAINT teams_139_1_id_chk_160 CHECK (id IS NOT NULL);

ALTER TABLE tasks_14_5 DROP COLUMN IF EXISTS invoice_111_4;

COMMENT ON TABLE products_91_0 IS 'Owned by team order; see the runbook.';

CREATE TABLE IF NOT EXISTS tasks_160_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_0 numeric(12,2) NOT NULL,
  product_1 numeric(12,2),
  coupons_114_2_id bigint REFERENCES coupons_114_2 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX tasks_160_5_created_idx ON tasks_160_5 (created_at);

CREATE TABLE IF NOT EXISTS shipments_160_7 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_0 text NOT NULL DEFAULT '',
  order_1 timestamptz NOT NULL,
  user_2 bigint,
  invoice_3 numeric(12,2),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX shipments_160_7_created_idx ON shipments_160_7 (created_at);
