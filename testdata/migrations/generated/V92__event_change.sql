-- migration 92
CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_72_5_user_5_idx_92 ON payments_72_5 (user_5);
