-- setup: CREATE VIEW active_users AS SELECT 1 AS id; CREATE TABLE t (id bigint); CREATE INDEX t_id ON t (id);
-- The new name beside the old one; renaming an index breaks no query.
SET lock_timeout = '5s';
CREATE VIEW current_users AS SELECT * FROM active_users;
ALTER INDEX t_id RENAME TO t_id_idx;
