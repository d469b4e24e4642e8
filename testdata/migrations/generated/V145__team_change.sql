-- migration 145
CREATE OR REPLACE FUNCTION coupons_83_1_touch_145() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER coupons_83_1_touch_145_trg BEFORE INSERT ON coupons_83_1 FOR EACH ROW EXECUTE FUNCTION coupons_83_1_touch_145();

CREATE TABLE IF NOT EXISTS invoices_145_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_0 numeric(12,2),
  coupon_1 bigint,
  session_2 jsonb NOT NULL,
  payment_3 jsonb NOT NULL DEFAULT '{}'::jsonb,
  project_4 integer DEFAULT 0,
  project_5 jsonb NOT NULL,
  orders_4_3_id bigint REFERENCES orders_4_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX invoices_145_2_created_idx ON invoices_145_2 (created_at);
