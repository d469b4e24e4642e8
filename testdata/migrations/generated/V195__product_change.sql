-- migration 195
CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_180_1_id_idx_195 ON accounts_180_1 (id);

CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_145_2_coupon_1_idx_195 ON invoices_145_2 (coupon_1);

ALTER TABLE events_46_4 ALTER COLUMN session_0 SET NOT NULL;

CREATE TABLE IF NOT EXISTS refunds_195_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  refund_0 bigint,
  shipment_1 bigint,
  addresss_96_0_id bigint REFERENCES addresss_96_0 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION users_6_3_touch_195() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER users_6_3_touch_195_trg BEFORE INSERT ON users_6_3 FOR EACH ROW EXECUTE FUNCTION users_6_3_touch_195();

ALTER TABLE coupons_107_3 ALTER COLUMN order_1 SET NOT NULL;
