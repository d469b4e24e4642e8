-- migration 85
BEGIN;

ALTER TABLE carts_38_1 ADD COLUMN review_85_1 text NOT NULL;

ALTER TABLE orders_38_5 RENAME COLUMN review_6 TO review_6_old;

COMMENT ON TABLE users_6_0 IS 'Owned by team product; see the runbook.';

CREATE INDEX IF NOT EXISTS coupons_21_0_id_idx_85 ON coupons_21_0 (id);

COMMIT;
