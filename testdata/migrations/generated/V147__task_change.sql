-- migration 147
COMMENT ON TABLE sessions_125_2 IS 'Owned by team cart; see the runbook.';
