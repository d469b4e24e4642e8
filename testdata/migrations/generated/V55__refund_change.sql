-- migration 55
BEGIN;

ALTER TABLE projects_26_3 ADD COLUMN review_55_1 varchar(255);

COMMIT;
