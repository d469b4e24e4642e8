-- migration 99
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'teams_96_1_99') THEN
    RAISE NOTICE 'no teams_96_1_99';
  END IF;
END
$$;

ALTER TABLE reviews_37_1 ADD COLUMN product_99_1 boolean NOT NULL DEFAULT false;

ALTER TABLE projects_87_3 ALTER COLUMN coupon_2 TYPE text;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'carts_52_1_99') THEN
    RAISE NOTICE 'no carts_52_1_99';
  END IF;
END
$$;

ALTER TABLE carts_52_1 ADD COLUMN review_99_4 timestamptz NOT NULL DEFAULT now();
