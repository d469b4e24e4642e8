-- setup: CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp NOT NULL); -- expect: migration-prefer-timestamptz
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN last_seen_at timestamp(3) without time zone; -- expect: migration-prefer-timestamptz
