-- migration 141
ALTER TABLE coupons_124_3 ALTER COLUMN order_1 TYPE text;

ALTER TABLE sessions_125_2 ADD COLUMN project_141_1 bigint NOT NULL;

UPDATE coupons_44_0 SET payment_0 = DEFAULT WHERE payment_0 IS NULL AND id < 10000;

COMMENT ON TABLE products_66_0 IS 'Owned by team account; see the runbook.';
