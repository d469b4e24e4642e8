-- migration 120
ALTER TABLE coupons_114_2 ADD COLUMN event_120_0 timestamptz NOT NULL;

ALTER TABLE tasks_113_4 ALTER COLUMN comment_0 SET NOT NULL;
