-- migration 54
BEGIN;

COMMENT ON TABLE comments_10_6 IS 'Owned by team payment; see the runbook.';

COMMIT;
