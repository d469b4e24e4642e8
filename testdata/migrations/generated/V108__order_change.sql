-- migration 108
ALTER TABLE addresss_96_0 RENAME COLUMN team_2 TO team_2_old;

UPDATE teams_96_1 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

ALTER TABLE orders_38_5 ADD COLUMN review_108_2 jsonb DEFAULT '{}'::jsonb;
