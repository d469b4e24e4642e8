-- setup: CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL); -- expect: migration-char-field
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN gender character(1); -- expect: migration-char-field
