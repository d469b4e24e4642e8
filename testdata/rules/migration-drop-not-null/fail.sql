-- setup: CREATE TABLE users (id bigint PRIMARY KEY, phone text NOT NULL);
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN phone DROP NOT NULL; -- expect: migration-drop-not-null
