-- migration 154
SET lock_timeout = '5s';

BEGIN;

ALTER TABLE projects_26_3 ALTER COLUMN id SET NOT NULL;

COMMIT;
