-- setup: CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'new');
-- Changing a default keeps old INSERTs working.
SET lock_timeout = '5s';
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
