-- migration 112
SET lock_timeout = '5s';

BEGIN;

ALTER TABLE events_89_1 ADD COLUMN comment_112_2 varchar(255);

ALTER TABLE coupons_44_0 ALTER COLUMN comment_3 TYPE text;

COMMENT ON TABLE orders_4_3 IS 'Owned by team team; see the runbook.';

ALTER TABLE refunds_29_0 DROP COLUMN IF EXISTS task_94_1;

CREATE TABLE IF NOT EXISTS tasks_112_6 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_0 bigint NOT NULL DEFAULT 0,
  order_1 timestamptz NOT NULL,
  product_2 jsonb DEFAULT '{}'::jsonb,
  invoice_3 bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX tasks_112_6_created_idx ON tasks_112_6 (created_at);

CREATE OR REPLACE FUNCTION payments_72_5_touch_112() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER payments_72_5_touch_112_trg BEFORE INSERT ON payments_72_5 FOR EACH ROW EXECUTE FUNCTION payments_72_5_touch_112();

COMMIT;
