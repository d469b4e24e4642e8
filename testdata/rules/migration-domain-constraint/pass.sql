-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- The rule lives on the column, where NOT VALID / VALIDATE keep it online.
CREATE DOMAIN email_address AS text;
SET lock_timeout = '5s';
ALTER TABLE users ADD CONSTRAINT users_email_format CHECK (email LIKE '%@%') NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_format;
