-- migration 94
COMMENT ON TABLE refunds_72_4 IS 'Owned by team invoice; see the runbook.';

ALTER TABLE refunds_29_0 ADD COLUMN task_94_1 varchar(255) NOT NULL DEFAULT '';

ALTER TABLE projects_87_3 ALTER COLUMN refund_5 SET NOT NULL;

ALTER TABLE tasks_14_2 ALTER COLUMN project_0 SET NOT NULL;
