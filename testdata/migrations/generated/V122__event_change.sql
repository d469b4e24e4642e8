-- migration 122
SET lock_timeout = '5s';

ALTER TABLE payments_84_1 DROP COLUMN IF EXISTS event_117_1;

ALTER TABLE payments_6_5 ADD CONSTRAINT payments_6_5_payment_4_chk_122 CHECK (payment_4 IS NOT NULL) NOT VALID;

ALTER TABLE payments_6_5 VALIDATE CONSTRAINT payments_6_5_payment_4_chk_122;

ALTER TABLE orders_11_2 ADD COLUMN project_122_4 bigint NOT NULL;
