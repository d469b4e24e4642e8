-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- PostgreSQL rejects this file: CREATE INDEX CONCURRENTLY cannot run inside a transaction block.
BEGIN;
SET LOCAL lock_timeout = '5s';
CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- expect: migration-concurrently-in-transaction
COMMIT;
