-- migration 32
SET lock_timeout = '5s';

COMMENT ON TABLE refunds_26_2 IS 'Owned by team refund; see the runbook.';
