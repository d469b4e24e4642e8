-- setup: CREATE TABLE legacy (id bigint PRIMARY KEY); CREATE TABLE users (id bigint PRIMARY KEY, email text, nickname text); CREATE INDEX users_email_idx ON users (email);
SET lock_timeout = '5s';
DROP TABLE legacy; -- expect: migration-prefer-robust-statements
DROP INDEX CONCURRENTLY users_email_idx; -- expect: migration-prefer-robust-statements
ALTER TABLE users DROP COLUMN nickname; -- expect: migration-prefer-robust-statements
CREATE TABLE audit (id bigint PRIMARY KEY, payload jsonb); -- expect: migration-prefer-robust-statements
CREATE INDEX CONCURRENTLY users_email_lower_idx ON users (lower(email)); -- expect: migration-prefer-robust-statements
ALTER TABLE users ADD COLUMN bio text; -- expect: migration-prefer-robust-statements
