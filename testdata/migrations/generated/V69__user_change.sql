-- migration 69
BEGIN;

ALTER TABLE products_66_0 ALTER COLUMN product_3 TYPE text;

CREATE TABLE IF NOT EXISTS users_69_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_0 bigint NOT NULL,
  session_1 varchar(255) DEFAULT '',
  product_2 timestamptz NOT NULL DEFAULT now(),
  shipment_3 uuid NOT NULL,
  event_4 numeric(12,2),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX users_69_2_created_idx ON users_69_2 (created_at);

CREATE OR REPLACE FUNCTION products_1_4_touch_69() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER products_1_4_touch_69_trg BEFORE INSERT ON products_1_4 FOR EACH ROW EXECUTE FUNCTION products_1_4_touch_69();

COMMIT;
