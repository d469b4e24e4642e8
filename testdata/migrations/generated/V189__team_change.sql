-- migration 189
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'projects_87_3_189') THEN
    RAISE NOTICE 'no projects_87_3_189';
  END IF;
END
$$;

ALTER TABLE refunds_29_0 ADD COLUMN account_189_1 integer DEFAULT 0;

ALTER TABLE refunds_166_4 ALTER COLUMN user_1 SET NOT NULL;
