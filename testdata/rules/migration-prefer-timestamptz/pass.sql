-- setup: CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL, day date NOT NULL);
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN last_seen_at timestamp(3) with time zone;
