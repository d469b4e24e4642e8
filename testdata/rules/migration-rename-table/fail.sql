-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text); CREATE TABLE notes (id bigint PRIMARY KEY);
SET lock_timeout = '5s';
ALTER TABLE users RENAME TO accounts; -- expect: migration-rename-table
BEGIN;
ALTER TABLE notes RENAME TO memos; -- expect: migration-rename-table
COMMIT;
CREATE VIEW notes AS SELECT * FROM memos;
