-- migration 31
SET lock_timeout = '5s';

BEGIN;

UPDATE users_6_3 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

COMMIT;
