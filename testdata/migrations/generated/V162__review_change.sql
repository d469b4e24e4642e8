-- migration 162
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_82_0_user_2_idx_162 ON orders_82_0 (user_2);

CREATE INDEX CONCURRENTLY IF NOT EXISTS users_6_3_refund_4_idx_162 ON users_6_3 (refund_4);

ALTER TABLE payments_84_1 ADD CONSTRAINT payments_84_1_user_0_chk_162 CHECK (user_0 IS NOT NULL) NOT VALID;

ALTER TABLE payments_84_1 VALIDATE CONSTRAINT payments_84_1_user_0_chk_162;

ALTER TABLE projects_119_2 RENAME COLUMN id TO id_old;
