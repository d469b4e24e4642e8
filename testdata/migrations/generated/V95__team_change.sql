-- migration 95
SET lock_timeout = '5s';

ALTER TABLE sessions_22_5 ADD COLUMN address_95_1 text DEFAULT '';
