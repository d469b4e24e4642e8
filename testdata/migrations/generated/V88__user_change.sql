-- migration 88
SET lock_timeout = '5s';

BEGIN;

ALTER TABLE shipments_63_4 RENAME COLUMN task_2 TO task_2_old;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'events_40_2_88') THEN
    RAISE NOTICE 'no events_40_2_88';
  END IF;
END
$$;

UPDATE payments_80_1 SET cart_1 = DEFAULT WHERE cart_1 IS NULL AND id < 10000;

COMMIT;
