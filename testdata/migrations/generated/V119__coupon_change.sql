-- migration 119
SET lock_timeout = '5s';

CREATE INDEX IF NOT EXISTS payments_72_5_team_0_idx_119 ON payments_72_5 (team_0);

CREATE TABLE IF NOT EXISTS projects_119_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_0 numeric(12,2) NOT NULL,
  user_1 integer DEFAULT 0,
  team_2 boolean DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

UPDATE coupons_21_0 SET user_1 = DEFAULT WHERE user_1 IS NULL AND id < 10000;
