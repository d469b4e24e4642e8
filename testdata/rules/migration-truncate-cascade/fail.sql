-- setup: CREATE TABLE orders (id bigint PRIMARY KEY); CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
SET lock_timeout = '5s';
TRUNCATE orders CASCADE; -- expect: migration-truncate-cascade
