-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
-- The CHECK proves there are no NULLs without blocking traffic (VALIDATE takes SHARE
-- UPDATE EXCLUSIVE), so SET NOT NULL skips its table scan (PostgreSQL 12+).
SET lock_timeout = '5s';
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;
