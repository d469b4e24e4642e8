-- setup: CREATE TABLE users (id bigint PRIMARY KEY);
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE users ADD COLUMN city text;
COMMIT;
