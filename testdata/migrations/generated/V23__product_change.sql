-- migration 23
BEGIN;

CREATE TABLE IF NOT EXISTS products_23_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address_0 bigint NOT NULL,
  event_1 varchar(255),
  shipment_2 bigint,
  invoices_19_2_id bigint REFERENCES invoices_19_2 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION shipments_18_3_touch_23() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER shipments_18_3_touch_23_trg BEFORE INSERT ON shipments_18_3 FOR EACH ROW EXECUTE FUNCTION shipments_18_3_touch_23();

COMMIT;
