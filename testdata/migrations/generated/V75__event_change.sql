-- migration 75
BEGIN;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'teams_49_5_75') THEN
    RAISE NOTICE 'no teams_49_5_75';
  END IF;
END
$$;

COMMENT ON TABLE users_49_4 IS 'Owned by team task; see the runbook.';

ALTER TABLE products_1_4 ALTER COLUMN product_66_2 TYPE text;

ALTER TABLE orders_11_2 DROP COLUMN IF EXISTS team_6;

ALTER TABLE carts_38_1 ADD CONSTRAINT carts_38_1_id_chk_75 CHECK (id IS NOT NULL) NOT VALID;

ALTER TABLE carts_38_1 VALIDATE CONSTRAINT carts_38_1_id_chk_75;

CREATE INDEX IF NOT EXISTS addresss_14_3_payment_3_idx_75 ON addresss_14_3 (payment_3);

COMMIT;
