-- migration 7
UPDATE payments_6_5 SET team_0 = DEFAULT WHERE team_0 IS NULL AND id < 10000;
