-- migration 34
SET lock_timeout = '5s';

BEGIN;

CREATE INDEX IF NOT EXISTS projects_26_3_id_idx_34 ON projects_26_3 (id);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'users_6_3_34') THEN
    RAISE NOTICE 'no users_6_3_34';
  END IF;
END
$$;

COMMIT;
