-- migration 8
SET lock_timeout = '5s';

ALTER TABLE teams_4_0 RENAME COLUMN id TO id_old;
