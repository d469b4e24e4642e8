-- setup: CREATE FUNCTION order_total(bigint) RETURNS numeric LANGUAGE sql AS $$ SELECT 0::numeric $$; CREATE VIEW recent AS SELECT 1 AS x;
-- Replacing a function or view whose signature changes: dropped and created again in one file.
SET lock_timeout = '5s';
DROP FUNCTION order_total(bigint);
CREATE FUNCTION order_total(bigint) RETURNS numeric LANGUAGE sql AS $$ SELECT 1::numeric $$;
DROP VIEW recent;
CREATE VIEW recent AS SELECT 1 AS x, 2 AS y;
