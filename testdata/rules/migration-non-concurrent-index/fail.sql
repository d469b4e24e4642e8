-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text, name text); CREATE INDEX users_name_idx ON users (name);
SET lock_timeout = '5s';
CREATE INDEX users_email_idx ON users (email); -- expect: migration-non-concurrent-index
DROP INDEX users_name_idx; -- expect: migration-non-concurrent-index
REINDEX INDEX users_email_idx; -- expect: migration-non-concurrent-index
