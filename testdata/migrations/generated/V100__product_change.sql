-- migration 100
CREATE INDEX CONCURRENTLY IF NOT EXISTS comments_44_1_cart_2_idx_100 ON comments_44_1 (cart_2);

CREATE INDEX CONCURRENTLY IF NOT EXISTS events_82_2_order_1_idx_100 ON events_82_2 (order_1);

ALTER TABLE payments_72_5 ADD COLUMN comment_100_2 boolean;

CREATE INDEX CONCURRENTLY IF NOT EXISTS refunds_26_2_session_1_idx_100 ON refunds_26_2 (session_1);
