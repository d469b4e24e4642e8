-- setup: CREATE VIEW active_users AS SELECT 1 AS id; CREATE FUNCTION total(bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT $1 $$;
SET lock_timeout = '5s';
ALTER VIEW active_users RENAME TO current_users; -- expect: migration-rename-object
ALTER FUNCTION total(bigint) RENAME TO order_total; -- expect: migration-rename-object
