-- setup: CREATE TABLE users (id bigint PRIMARY KEY, phone text NOT NULL);
-- Optional data goes in a new column (or a new table) that every release can handle.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN secondary_phone text;
CREATE TABLE contacts (id bigint PRIMARY KEY, phone text NOT NULL);
ALTER TABLE contacts ALTER COLUMN phone DROP NOT NULL;
