-- migration 110
BEGIN;

COMMENT ON TABLE tasks_14_5 IS 'Owned by team refund; see the runbook.';

CREATE OR REPLACE FUNCTION addresss_82_4_touch_110() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER addresss_82_4_touch_110_trg BEFORE INSERT ON addresss_82_4 FOR EACH ROW EXECUTE FUNCTION addresss_82_4_touch_110();

ALTER TABLE addresss_82_4 RENAME COLUMN cart_3 TO cart_3_old;

ALTER TABLE refunds_29_0 ALTER COLUMN task_2 TYPE text;

ALTER TABLE reviews_93_2 ADD COLUMN review_110_6 uuid NOT NULL DEFAULT gen_random_uuid();

CREATE TABLE IF NOT EXISTS users_110_7 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 uuid NOT NULL,
  comment_1 bigint DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

COMMIT;
