-- migration 178
CREATE OR REPLACE FUNCTION events_82_2_touch_178() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER events_82_2_touch_178_trg BEFORE INSERT ON events_82_2 FOR EACH ROW EXECUTE FUNCTION events_82_2_touch_178();

UPDATE comments_24_5 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

ALTER TABLE refunds_29_0 ADD COLUMN project_178_3 jsonb DEFAULT '{}'::jsonb;

ALTER TABLE payments_80_1 DROP COLUMN IF EXISTS cart_6;

CREATE TABLE IF NOT EXISTS accounts_178_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 numeric(12,2) NOT NULL,
  order_1 uuid DEFAULT gen_random_uuid(),
  order_2 boolean,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX accounts_178_5_created_idx ON accounts_178_5 (created_at);
