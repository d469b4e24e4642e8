-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- A migration of its own, outside any transaction block.
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
