-- migration 64
ALTER TABLE payments_27_3 ALTER COLUMN review_0 TYPE text;
