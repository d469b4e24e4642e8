-- migration 9
SET lock_timeout = '5s';

BEGIN;

ALTER TABLE users_6_0 ADD COLUMN team_9_2 varchar(255);

COMMIT;
