-- setup: CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE countries (code text PRIMARY KEY CHECK (length(code) = 2), name text NOT NULL);
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN gender text;
