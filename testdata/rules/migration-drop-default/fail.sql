-- setup: CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'new');
SET lock_timeout = '5s';
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT; -- expect: migration-drop-default
