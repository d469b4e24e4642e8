-- migration 159
BEGIN;

UPDATE carts_38_1 SET session_1 = DEFAULT WHERE session_1 IS NULL AND id < 10000;

ALTER TABLE projects_47_1 RENAME COLUMN team_72_0 TO team_72_0_old;

COMMIT;
