-- migration 186
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS projects_186_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  coupon_0 bigint,
  order_1 timestamptz DEFAULT now(),
  invoice_2 boolean,
  team_3 integer DEFAULT 0,
  orders_165_3_id bigint REFERENCES orders_165_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX projects_186_1_created_idx ON projects_186_1 (created_at);

ALTER TABLE teams_169_4 ALTER COLUMN invoice_3 TYPE text;

ALTER TABLE invoices_136_3 ALTER COLUMN comment_1 TYPE text;
