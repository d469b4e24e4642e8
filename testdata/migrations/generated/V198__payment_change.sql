-- migration 198
SET lock_timeout = '5s';

ALTER TABLE coupons_33_0 DROP COLUMN IF EXISTS account_79_1;

CREATE TABLE IF NOT EXISTS payments_198_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 jsonb NOT NULL DEFAULT '{}'::jsonb,
  comment_1 bigint DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_198_2_created_idx ON payments_198_2 (created_at);

CREATE INDEX IF NOT EXISTS carts_183_0_team_1_idx_198 ON carts_183_0 (team_1);

CREATE TABLE IF NOT EXISTS sessions_198_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 uuid NOT NULL,
  refund_1 bigint DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
