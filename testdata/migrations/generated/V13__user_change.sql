-- migration 13
SET lock_timeout = '5s';

CREATE INDEX CONCURRENTLY IF NOT EXISTS comments_10_6_id_idx_13 ON comments_10_6 (id);

CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_6_5_team_0_idx_13 ON payments_6_5 (team_0);

UPDATE teams_4_0 SET payment_2 = DEFAULT WHERE payment_2 IS NULL AND id < 10000;

CREATE TABLE IF NOT EXISTS payments_13_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_0 varchar(255) NOT NULL,
  review_1 varchar(255),
  orders_11_2_id bigint REFERENCES orders_11_2 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE payments_13_4 ADD COLUMN product_13_5 bigint NOT NULL;

ALTER TABLE products_1_4 RENAME COLUMN coupon_3_4 TO coupon_3_4_old;
