-- migration 57
ALTER TABLE refunds_29_0 DROP COLUMN IF EXISTS refund_38_3;
