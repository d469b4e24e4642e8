-- setup: CREATE TABLE items (name text); CREATE TABLE tags (name text);
SET lock_timeout = '5s';
ALTER TABLE items ADD COLUMN id serial PRIMARY KEY; -- expect: migration-serial-primary-key
ALTER TABLE tags ADD COLUMN seq bigserial; -- expect: migration-serial-primary-key
