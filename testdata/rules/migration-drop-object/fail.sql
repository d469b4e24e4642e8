-- setup: CREATE FUNCTION order_total(bigint) RETURNS numeric LANGUAGE sql AS $$ SELECT 0::numeric $$; CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE VIEW recent AS SELECT 1 AS x;
-- The running release still calls and reads these.
SET lock_timeout = '5s';
DROP FUNCTION order_total(bigint); -- expect: migration-drop-object
DROP TYPE mood; -- expect: migration-drop-object
DROP VIEW IF EXISTS recent; -- expect: migration-drop-object
