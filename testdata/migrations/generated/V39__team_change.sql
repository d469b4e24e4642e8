-- migration 39
COMMENT ON TABLE reviews_19_4 IS 'Owned by team session; see the runbook.';
