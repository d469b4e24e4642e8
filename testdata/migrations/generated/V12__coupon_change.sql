-- migration 12
ALTER TABLE users_6_0 ADD COLUMN account_12_0 numeric(12,2) DEFAULT 0;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'users_6_0_12') THEN
    RAISE NOTICE 'no users_6_0_12';
  END IF;
END
$$;

CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_4_3_team_0_idx_12 ON orders_4_3 (team_0);
