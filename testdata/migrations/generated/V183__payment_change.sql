-- migration 183
CREATE TABLE IF NOT EXISTS carts_183_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_0 varchar(255),
  team_1 jsonb DEFAULT '{}'::jsonb,
  payments_131_2_id bigint REFERENCES payments_131_2 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
