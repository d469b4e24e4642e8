-- migration 161
ALTER TABLE projects_119_2 DROP COLUMN IF EXISTS team_2;
