-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- expect: migration-set-not-null
ALTER TABLE users ADD CONSTRAINT users_name_not_null CHECK (name IS NOT NULL) NOT VALID;
ALTER TABLE users ALTER COLUMN name SET NOT NULL; -- expect: migration-set-not-null
