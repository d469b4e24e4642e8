-- migration 97
SET lock_timeout = '5s';

ALTER TABLE products_91_0 ADD COLUMN account_97_1 boolean DEFAULT false;

COMMENT ON TABLE users_6_3 IS 'Owned by team shipment; see the runbook.';
