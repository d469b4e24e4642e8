-- migration 59
BEGIN;

ALTER TABLE orders_11_2 ALTER COLUMN order_3 SET NOT NULL;

CREATE INDEX IF NOT EXISTS events_43_0_project_0_idx_59 ON events_43_0 (project_0);

CREATE INDEX IF NOT EXISTS comments_30_3_event_4_idx_59 ON comments_30_3 (event_4);

COMMENT ON TABLE events_46_4 IS 'Owned by team user; see the runbook.';

ALTER TABLE shipments_18_3 RENAME COLUMN refund_3 TO refund_3_old;

COMMIT;
