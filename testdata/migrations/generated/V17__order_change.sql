-- migration 17
BEGIN;

ALTER TABLE comments_10_6 ALTER COLUMN user_1 SET NOT NULL;

ALTER TABLE users_6_0 ALTER COLUMN refund_1 TYPE text;

ALTER TABLE payments_13_4 ADD COLUMN coupon_17_3 bigint NOT NULL;

COMMIT;
