-- migration 172
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'coupons_156_3_172') THEN
    RAISE NOTICE 'no coupons_156_3_172';
  END IF;
END
$$;

ALTER TABLE projects_148_5 ADD COLUMN comment_172_1 text NOT NULL;

ALTER TABLE coupons_124_3 ALTER COLUMN product_4 SET NOT NULL;
