-- migration 52
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS carts_52_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_0 integer,
  refund_1 text NOT NULL,
  account_2 varchar(255) NOT NULL DEFAULT '',
  products_23_1_id bigint REFERENCES products_23_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION events_43_0_touch_52() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER events_43_0_touch_52_trg BEFORE INSERT ON events_43_0 FOR EACH ROW EXECUTE FUNCTION events_43_0_touch_52();

ALTER TABLE products_36_1 ADD COLUMN team_52_4 varchar(255) NOT NULL;

CREATE TABLE IF NOT EXISTS orders_52_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_0 timestamptz NOT NULL,
  session_1 text NOT NULL,
  invoice_2 boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_52_5_created_idx ON orders_52_5 (created_at);
