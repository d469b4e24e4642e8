-- migration 42
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'coupons_21_0_42') THEN
    RAISE NOTICE 'no coupons_21_0_42';
  END IF;
END
$$;

CREATE INDEX CONCURRENTLY IF NOT EXISTS products_10_5_event_1_idx_42 ON products_10_5 (event_1);

UPDATE users_6_3 SET team_5 = DEFAULT WHERE team_5 IS NULL AND id < 10000;
