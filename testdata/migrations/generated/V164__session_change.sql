-- migration 164
BEGIN;

ALTER TABLE sessions_22_5 ALTER COLUMN account_2 TYPE text;

UPDATE sessions_22_5 SET review_0 = DEFAULT WHERE review_0 IS NULL AND id < 10000;

COMMIT;
