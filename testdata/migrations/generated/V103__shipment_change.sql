-- migration 103
SET lock_timeout = '5s';

UPDATE events_40_2 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

ALTER TABLE payments_72_5 ALTER COLUMN address_4 SET NOT NULL;

COMMENT ON TABLE events_40_2 IS 'Owned by team project; see the runbook.';

CREATE INDEX CONCURRENTLY IF NOT EXISTS teams_96_1_id_idx_103 ON teams_96_1 (id);

ALTER TABLE orders_24_2 DROP COLUMN IF EXISTS address_44_3;

CREATE INDEX CONCURRENTLY IF NOT EXISTS shipments_63_4_task_2_idx_103 ON shipments_63_4 (task_2);
