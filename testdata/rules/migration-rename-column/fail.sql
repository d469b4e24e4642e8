-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
SET lock_timeout = '5s';
ALTER TABLE users RENAME COLUMN email TO email_address; -- expect: migration-rename-column
