-- migration 6
CREATE TABLE IF NOT EXISTS users_6_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_0 varchar(255),
  refund_1 timestamptz,
  payment_2 timestamptz,
  products_1_4_id bigint REFERENCES products_1_4 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE teams_4_0 IS 'Owned by team coupon; see the runbook.';

ALTER TABLE products_1_4 ALTER COLUMN coupon_3_4 SET NOT NULL;

CREATE TABLE IF NOT EXISTS users_6_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cart_0 bigint NOT NULL DEFAULT 0,
  project_1 boolean NOT NULL,
  cart_2 text,
  event_3 bigint DEFAULT 0,
  refund_4 uuid,
  team_5 numeric(12,2),
  refund_6 jsonb NOT NULL,
  refund_7 uuid,
  products_1_4_id bigint REFERENCES products_1_4 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX users_6_3_created_idx ON users_6_3 (created_at);

CREATE TABLE IF NOT EXISTS payments_6_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 varchar(255) NOT NULL DEFAULT '',
  payment_1 bigint,
  project_2 uuid DEFAULT gen_random_uuid(),
  refund_3 boolean NOT NULL DEFAULT false,
  payment_4 varchar(255) NOT NULL,
  comment_5 timestamptz,
  users_6_3_id bigint REFERENCES users_6_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_6_5_created_idx ON payments_6_5 (created_at);

COMMENT ON TABLE users_6_0 IS 'Owned by team task; see the runbook.';
