-- migration 90
ALTER TABLE refunds_29_0 ADD COLUMN shipment_90_0 bigint NOT NULL DEFAULT 0;

ALTER TABLE coupons_74_2 ADD COLUMN project_90_1 text NOT NULL DEFAULT '';

ALTER TABLE accounts_77_2 ADD COLUMN review_90_2 numeric(12,2);

UPDATE payments_84_1 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

ALTER TABLE payments_27_3 ADD COLUMN coupon_90_4 varchar(255) DEFAULT '';
