-- migration 86
ALTER TABLE coupons_21_0 ALTER COLUMN team_79_0 TYPE text;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'events_40_2_86') THEN
    RAISE NOTICE 'no events_40_2_86';
  END IF;
END
$$;

ALTER TABLE projects_61_3 ADD CONSTRAINT projects_61_3_user_3_chk_86 CHECK (user_3 IS NOT NULL) NOT VALID;

ALTER TABLE projects_61_3 VALIDATE CONSTRAINT projects_61_3_user_3_chk_86;

COMMENT ON TABLE projects_26_3 IS 'Owned by team user; see the runbook.';

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'reviews_37_1_86') THEN
    RAISE NOTICE 'no reviews_37_1_86';
  END IF;
END
$$;
