-- setup: CREATE TABLE users (id bigint PRIMARY KEY, bio text);
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE users ADD COLUMN city text;
BEGIN; -- expect: migration-transaction-nesting
UPDATE users SET city = 'unknown' WHERE city IS NULL;
COMMIT;
COMMIT;
