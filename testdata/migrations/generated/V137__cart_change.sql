-- migration 137
SET lock_timeout = '5s';

BEGIN;

CREATE TABLE IF NOT EXISTS sessions_137_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 bigint NOT NULL,
  session_1 boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sessions_137_2_created_idx ON sessions_137_2 (created_at);

COMMIT;
