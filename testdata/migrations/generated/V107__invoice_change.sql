-- migration 107
SET lock_timeout = '5s';

CREATE OR REPLACE FUNCTION events_43_0_touch_107() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER events_43_0_touch_107_trg BEFORE INSERT ON events_43_0 FOR EACH ROW EXECUTE FUNCTION events_43_0_touch_107();

CREATE TABLE IF NOT EXISTS coupons_107_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cart_0 timestamptz NOT NULL,
  order_1 bigint NOT NULL,
  task_2 bigint NOT NULL,
  cart_3 boolean NOT NULL,
  event_4 integer,
  product_5 numeric(12,2),
  teams_96_1_id bigint REFERENCES teams_96_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
