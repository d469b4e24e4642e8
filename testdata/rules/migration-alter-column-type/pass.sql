-- setup: CREATE TABLE orders (id bigint PRIMARY KEY, amount integer);
-- Expand: a column of the new type kept in sync by a trigger and backfilled; reads move
-- to it in the next release and the old column is dropped later.
SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN amount_new numeric(12,2);
CREATE FUNCTION orders_sync_amount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.amount_new := NEW.amount;
  RETURN NEW;
END
$$;
CREATE TRIGGER orders_sync_amount BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_sync_amount();
UPDATE orders SET amount_new = amount WHERE amount_new IS NULL AND id BETWEEN 1 AND 10000;
CREATE TABLE refunds (id bigint PRIMARY KEY, amount integer);
ALTER TABLE refunds ALTER COLUMN amount TYPE numeric(12,2);
