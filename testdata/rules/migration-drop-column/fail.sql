-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text, nickname text);
-- The running release still selects and inserts these columns.
SET lock_timeout = '5s';
ALTER TABLE users DROP COLUMN email; -- expect: migration-drop-column
ALTER TABLE users DROP COLUMN IF EXISTS nickname; -- expect: migration-drop-column
