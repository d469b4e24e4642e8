-- setup: CREATE TABLE users (id bigint NOT NULL, email text, handle text);
SET lock_timeout = '5s';
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email); -- expect: migration-unique-constraint
ALTER TABLE users ADD PRIMARY KEY (id); -- expect: migration-unique-constraint
