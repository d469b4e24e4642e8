-- setup: CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE teams (id bigint PRIMARY KEY, name varchar(100) NOT NULL); -- expect: migration-prefer-text-field
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN nickname character varying(30); -- expect: migration-prefer-text-field
