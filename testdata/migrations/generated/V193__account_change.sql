-- migration 193
SET lock_timeout = '5s';

ALTER TABLE coupons_83_1 ADD COLUMN refund_193_1 uuid;

ALTER TABLE teams_139_1 ALTER COLUMN coupon_1 TYPE text;

ALTER TABLE projects_47_1 ADD CONSTRAINT projects_47_1_cart_2_chk_193 CHECK (cart_2 IS NOT NULL) NOT VALID;

ALTER TABLE projects_47_1 VALIDATE CONSTRAINT projects_47_1_cart_2_chk_193;
