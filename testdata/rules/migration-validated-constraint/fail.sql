-- setup: CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, amount numeric);
SET lock_timeout = '5s';
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id); -- expect: migration-validated-constraint
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0); -- expect: migration-validated-constraint
ALTER TABLE orders ADD COLUMN buyer_id bigint REFERENCES users (id); -- expect: migration-validated-constraint
