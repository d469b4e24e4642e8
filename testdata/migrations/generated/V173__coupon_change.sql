-- migration 173
ALTER TABLE payments_118_2 ADD COLUMN task_173_0 uuid NOT NULL;

ALTER TABLE users_69_2 ADD COLUMN coupon_173_1 uuid DEFAULT gen_random_uuid();
