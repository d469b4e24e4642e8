-- migration 71
SET lock_timeout = '5s';

ALTER TABLE projects_47_1 RENAME COLUMN invoice_4 TO invoice_4_old;

ALTER TABLE refunds_29_3 ADD COLUMN refund_71_2 text DEFAULT '';

ALTER TABLE coupons_44_0 ALTER COLUMN id TYPE text;

ALTER TABLE tasks_14_5 ADD CONSTRAINT tasks_14_5_cart_50_3_chk_71 CHECK (cart_50_3 IS NOT NULL);

ALTER TABLE shipments_18_3 ADD COLUMN cart_71_5 varchar(255) NOT NULL DEFAULT '';
