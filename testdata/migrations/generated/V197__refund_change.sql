-- migration 197
ALTER TABLE orders_65_2 ALTER COLUMN task_0 TYPE text;

ALTER TABLE events_194_2 ADD COLUMN project_197_1 boolean DEFAULT false;

CREATE TABLE IF NOT EXISTS carts_197_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_0 varchar(255),
  project_1 bigint DEFAULT 0,
  payment_2 uuid NOT NULL DEFAULT gen_random_uuid(),
  task_3 jsonb,
  users_69_2_id bigint REFERENCES users_69_2 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX carts_197_2_created_idx ON carts_197_2 (created_at);
