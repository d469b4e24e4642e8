-- migration 176
BEGIN;

ALTER TABLE projects_111_2 RENAME COLUMN coupon_5 TO coupon_5_old;

COMMIT;
