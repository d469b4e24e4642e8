-- migration 132
BEGIN;

ALTER TABLE reviews_98_0 ADD COLUMN invoice_132_1 jsonb;

COMMIT;
