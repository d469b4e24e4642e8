-- migration 153
BEGIN;

ALTER TABLE coupons_74_2 ADD CONSTRAINT coupons_74_2_task_4_chk_153 CHECK (task_4 IS NOT NULL) NOT VALID;

ALTER TABLE coupons_74_2 VALIDATE CONSTRAINT coupons_74_2_task_4_chk_153;

CREATE INDEX IF NOT EXISTS carts_133_3_task_4_idx_153 ON carts_133_3 (task_4);

COMMIT;
