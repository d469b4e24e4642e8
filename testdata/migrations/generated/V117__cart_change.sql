-- migration 117
SET lock_timeout = '5s';

ALTER TABLE payments_84_1 ADD COLUMN event_117_1 boolean NOT NULL DEFAULT false;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'orders_82_0_117') THEN
    RAISE NOTICE 'no orders_82_0_117';
  END IF;
END
$$;

CREATE INDEX IF NOT EXISTS users_6_0_account_12_0_idx_117 ON users_6_0 (account_12_0);

ALTER TABLE products_23_1 ADD COLUMN product_117_4 text DEFAULT '';

UPDATE addresss_82_4 SET team_1 = DEFAULT WHERE team_1 IS NULL AND id < 10000;
