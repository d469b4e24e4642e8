-- migration 106
BEGIN;

CREATE INDEX IF NOT EXISTS coupons_33_0_account_79_1_idx_106 ON coupons_33_0 (account_79_1);

COMMIT;
