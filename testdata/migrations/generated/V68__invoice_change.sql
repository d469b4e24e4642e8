-- migration 68
SET lock_timeout = '5s';

ALTER TABLE events_30_1 DROP COLUMN IF EXISTS order_5;

ALTER TABLE refunds_26_2 ADD CONSTRAINT refunds_26_2_team_46_6_chk_68 CHECK (team_46_6 IS NOT NULL) NOT VALID;

ALTER TABLE refunds_26_2 VALIDATE CONSTRAINT refunds_26_2_team_46_6_chk_68;
