-- migration 158
CREATE INDEX CONCURRENTLY IF NOT EXISTS coupons_21_0_team_79_0_idx_158 ON coupons_21_0 (team_79_0);

ALTER TABLE events_30_1 ADD COLUMN coupon_158_1 text NOT NULL;

CREATE INDEX IF NOT EXISTS payments_80_1_cart_1_idx_158 ON payments_80_1 (cart_1);

ALTER TABLE sessions_150_1 ADD COLUMN refund_158_3 text NOT NULL;

ALTER TABLE users_49_4 ALTER COLUMN session_2 SET NOT NULL;
