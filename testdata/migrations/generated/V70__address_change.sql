-- migration 70
ALTER TABLE payments_27_3 ADD COLUMN refund_70_0 bigint;

ALTER TABLE comments_44_1 ADD CONSTRAINT comments_44_1_team_1_chk_70 CHECK (team_1 IS NOT NULL) NOT VALID;

ALTER TABLE comments_44_1 VALIDATE CONSTRAINT comments_44_1_team_1_chk_70;
