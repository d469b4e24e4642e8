-- setup: CREATE TABLE orders (id bigint PRIMARY KEY); CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
-- Every table emptied is named: PostgreSQL refuses if another table still references them.
SET lock_timeout = '5s';
TRUNCATE order_items, orders;
