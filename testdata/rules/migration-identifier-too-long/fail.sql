-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY users_email_lower_index_for_the_case_insensitive_login_lookup_v2 ON users (lower(email)); -- expect: migration-identifier-too-long
