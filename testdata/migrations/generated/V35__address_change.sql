-- migration 35
SET lock_timeout = '5s';

ALTER TABLE coupons_33_0 ADD COLUMN product_35_1 numeric(12,2);

ALTER TABLE comments_24_5 DROP COLUMN IF EXISTS coupon_1;

ALTER TABLE addresss_14_3 ADD CONSTRAINT addresss_14_3_id_chk_35 CHECK (id IS NOT NULL) NOT VALID;

ALTER TABLE addresss_14_3 VALIDATE CONSTRAINT addresss_14_3_id_chk_35;
