-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY users_email_lower_idx ON users (lower(email));
