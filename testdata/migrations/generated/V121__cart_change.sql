-- migration 121
ALTER TABLE projects_47_1 ALTER COLUMN cart_1 TYPE text;

ALTER TABLE shipments_18_3 ALTER COLUMN cart_4 TYPE text;

UPDATE projects_111_2 SET order_1 = DEFAULT WHERE order_1 IS NULL AND id < 10000;

COMMENT ON TABLE products_23_1 IS 'Owned by team account; see the runbook.';

CREATE TABLE IF NOT EXISTS users_121_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_0 text DEFAULT '',
  review_1 boolean NOT NULL DEFAULT false,
  comment_2 timestamptz,
  cart_3 boolean NOT NULL DEFAULT false,
  user_4 bigint DEFAULT 0,
  order_5 jsonb NOT NULL DEFAULT '{}'::jsonb,
  coupons_83_1_id bigint REFERENCES coupons_83_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS payments_13_4_id_idx_121 ON payments_13_4 (id);
