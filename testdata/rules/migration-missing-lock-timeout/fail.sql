-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
ALTER TABLE users ADD COLUMN bio text; -- expect: migration-missing-lock-timeout
ALTER TABLE users ADD COLUMN city text, ADD COLUMN country text; -- expect: migration-missing-lock-timeout
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
CREATE INDEX users_bio_idx ON users (bio); -- expect: migration-missing-lock-timeout
