-- migration 177
ALTER TABLE projects_26_3 DROP COLUMN IF EXISTS user_146_5;

ALTER TABLE projects_148_5 ADD COLUMN address_177_1 jsonb DEFAULT '{}'::jsonb;

UPDATE users_6_0 SET account_12_0 = DEFAULT WHERE account_12_0 IS NULL AND id < 10000;
