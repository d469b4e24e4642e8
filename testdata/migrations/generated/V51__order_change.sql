-- migration 51
COMMENT ON TABLE comments_24_5 IS 'Owned by team project; see the runbook.';
