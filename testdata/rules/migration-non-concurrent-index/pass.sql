-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text, name text); CREATE INDEX users_name_idx ON users (name);
-- Each statement outside a transaction block; an index on a table created here needs no
-- CONCURRENTLY.
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
DROP INDEX CONCURRENTLY IF EXISTS users_name_idx;
REINDEX INDEX CONCURRENTLY users_email_idx;
CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
