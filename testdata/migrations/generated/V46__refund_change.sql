-- migration 46
ALTER TABLE projects_26_3 ADD COLUMN team_46_0 varchar(255) DEFAULT '';

CREATE OR REPLACE FUNCTION shipments_18_3_touch_46() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER shipments_18_3_touch_46_trg BEFORE INSERT ON shipments_18_3 FOR EACH ROW EXECUTE FUNCTION shipments_18_3_touch_46();

ALTER TABLE carts_38_1 ALTER COLUMN event_0 SET NOT NULL;

CREATE TABLE IF NOT EXISTS events_46_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_0 jsonb DEFAULT '{}'::jsonb,
  address_1 varchar(255) DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_46_4_created_idx ON events_46_4 (created_at);

ALTER TABLE refunds_26_2 ADD COLUMN team_46_6 bigint;
