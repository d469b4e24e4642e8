-- migration 133
CREATE OR REPLACE FUNCTION refunds_29_3_touch_133() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER refunds_29_3_touch_133_trg BEFORE INSERT ON refunds_29_3 FOR EACH ROW EXECUTE FUNCTION refunds_29_3_touch_133();

COMMENT ON TABLE coupons_21_2 IS 'Owned by team review; see the runbook.';

CREATE TABLE IF NOT EXISTS carts_133_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cart_0 text NOT NULL DEFAULT '',
  product_1 jsonb DEFAULT '{}'::jsonb,
  review_2 boolean DEFAULT false,
  event_3 integer NOT NULL DEFAULT 0,
  task_4 boolean,
  team_5 bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX carts_133_3_created_idx ON carts_133_3 (created_at);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'products_91_0_133') THEN
    RAISE NOTICE 'no products_91_0_133';
  END IF;
END
$$;

ALTER TABLE tasks_14_2 ALTER COLUMN project_0 TYPE text;

CREATE INDEX IF NOT EXISTS orders_24_2_task_0_idx_133 ON orders_24_2 (task_0);
