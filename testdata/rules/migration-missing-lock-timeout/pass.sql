-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- A lock_timeout makes the migration fail (and be retried) rather than queue all traffic.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN bio text;
ALTER TABLE users ADD COLUMN city text, ADD COLUMN country text;
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
