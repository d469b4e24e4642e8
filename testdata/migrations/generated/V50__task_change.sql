-- migration 50
BEGIN;

COMMENT ON TABLE orders_11_2 IS 'Owned by team shipment; see the runbook.';

CREATE INDEX IF NOT EXISTS events_30_1_review_1_idx_50 ON events_30_1 (review_1);

ALTER TABLE tasks_14_5 ADD COLUMN cart_50_3 integer NOT NULL;

ALTER TABLE shipments_18_3 DROP COLUMN IF EXISTS event_5;

ALTER TABLE comments_44_1 ADD COLUMN project_50_5 timestamptz NOT NULL;

CREATE INDEX IF NOT EXISTS projects_47_1_id_idx_50 ON projects_47_1 (id);

COMMIT;
