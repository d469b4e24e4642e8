-- setup: CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE teams (id bigint PRIMARY KEY, name text NOT NULL CONSTRAINT teams_name_length CHECK (length(name) <= 100));
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN nickname varchar;
