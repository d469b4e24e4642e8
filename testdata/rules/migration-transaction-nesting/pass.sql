-- setup: CREATE TABLE users (id bigint PRIMARY KEY, bio text);
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE users ADD COLUMN city text;
SAVEPOINT before_backfill;
UPDATE users SET city = 'unknown' WHERE city IS NULL;
RELEASE SAVEPOINT before_backfill;
COMMIT;
