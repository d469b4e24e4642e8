-- setup: CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE counters (id integer PRIMARY KEY, hits bigint NOT NULL); -- expect: migration-prefer-bigint
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN rank smallint; -- expect: migration-prefer-bigint
