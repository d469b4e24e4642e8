-- migration 111
CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_84_1_invoice_1_idx_111 ON payments_84_1 (invoice_1);

CREATE TABLE IF NOT EXISTS payments_111_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 bigint,
  team_1 numeric(12,2) NOT NULL,
  team_2 boolean,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS projects_111_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  coupon_0 boolean,
  order_1 text NOT NULL,
  product_2 boolean DEFAULT false,
  product_3 text,
  user_4 boolean DEFAULT false,
  coupon_5 varchar(255),
  sessions_22_5_id bigint REFERENCES sessions_22_5 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX projects_111_2_created_idx ON projects_111_2 (created_at);

ALTER TABLE tasks_14_5 ADD COLUMN invoice_111_4 integer NOT NULL;

UPDATE users_49_4 SET session_2 = DEFAULT WHERE session_2 IS NULL AND id < 10000;
