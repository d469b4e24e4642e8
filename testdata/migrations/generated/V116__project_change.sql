-- migration 116
BEGIN;

COMMENT ON TABLE events_43_0 IS 'Owned by team address; see the runbook.';

ALTER TABLE payments_111_1 ADD CONSTRAINT payments_111_1_team_0_chk_116 CHECK (team_0 IS NOT NULL) NOT VALID;

ALTER TABLE payments_111_1 VALIDATE CONSTRAINT payments_111_1_team_0_chk_116;

COMMIT;
