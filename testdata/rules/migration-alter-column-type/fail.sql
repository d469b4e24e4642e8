-- setup: CREATE TABLE orders (id bigint PRIMARY KEY, amount integer);
SET lock_timeout = '5s';
ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,2); -- expect: migration-alter-column-type
ALTER TABLE orders ALTER COLUMN id TYPE bigint USING id::bigint; -- expect: migration-alter-column-type
