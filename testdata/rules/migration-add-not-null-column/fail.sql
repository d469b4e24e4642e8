-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN status text NOT NULL; -- expect: migration-add-not-null-column
