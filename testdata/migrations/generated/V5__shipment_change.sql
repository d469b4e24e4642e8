-- migration 5
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_4_3_team_0_idx_5 ON orders_4_3 (team_0);
