-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text); CREATE TABLE notes (id bigint PRIMARY KEY);
-- The old name stays usable through an updatable view created in the same transaction;
-- the view is dropped once no release uses the old name.
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE users RENAME TO accounts;
CREATE VIEW users AS SELECT * FROM accounts;
COMMIT;
