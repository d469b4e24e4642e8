-- migration 15
BEGIN;

ALTER TABLE tasks_14_2 ADD CONSTRAINT tasks_14_2_project_0_chk_15 CHECK (project_0 IS NOT NULL) NOT VALID;

ALTER TABLE tasks_14_2 VALIDATE CONSTRAINT tasks_14_2_project_0_chk_15;

UPDATE products_1_4 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

COMMIT;
