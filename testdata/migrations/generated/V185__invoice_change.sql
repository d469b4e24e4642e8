-- migration 185
BEGIN;

CREATE OR REPLACE FUNCTION products_23_1_touch_185() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER products_23_1_touch_185_trg BEFORE INSERT ON products_23_1 FOR EACH ROW EXECUTE FUNCTION products_23_1_touch_185();

CREATE TABLE IF NOT EXISTS coupons_185_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_0 numeric(12,2),
  product_1 uuid DEFAULT gen_random_uuid(),
  payments_27_3_id bigint REFERENCES payments_27_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX coupons_185_3_created_idx ON coupons_185_3 (created_at);

ALTER TABLE carts_133_3 RENAME COLUMN task_4 TO task_4_old;

CREATE INDEX IF NOT EXISTS orders_165_3_cart_3_idx_185 ON orders_165_3 (cart_3);

COMMIT;
