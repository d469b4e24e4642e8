-- migration 109
COMMENT ON TABLE payments_72_5 IS 'Owned by team comment; see the runbook.';

ALTER TABLE reviews_37_1 RENAME COLUMN payment_5 TO payment_5_old;

ALTER TABLE orders_82_0 DROP COLUMN IF EXISTS shipment_7;

CREATE TABLE IF NOT EXISTS sessions_109_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 numeric(12,2),
  order_1 boolean DEFAULT false,
  task_2 timestamptz,
  user_3 text NOT NULL DEFAULT '',
  teams_96_1_id bigint REFERENCES teams_96_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sessions_109_3_created_idx ON sessions_109_3 (created_at);

CREATE INDEX IF NOT EXISTS products_23_1_id_idx_109 ON products_23_1 (id);
