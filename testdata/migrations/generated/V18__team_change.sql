-- migration 18
SET lock_timeout = '5s';

ALTER TABLE products_10_5 ADD CONSTRAINT products_10_5_invoice_3_chk_18 CHECK (invoice_3 IS NOT NULL) NOT VALID;

ALTER TABLE products_10_5 VALIDATE CONSTRAINT products_10_5_invoice_3_chk_18;

CREATE TABLE IF NOT EXISTS shipments_18_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_0 text,
  shipment_1 uuid DEFAULT gen_random_uuid(),
  product_2 timestamptz NOT NULL DEFAULT now(),
  refund_3 timestamptz DEFAULT now(),
  cart_4 varchar(255),
  event_5 boolean NOT NULL,
  payments_13_4_id bigint REFERENCES payments_13_4 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX shipments_18_3_created_idx ON shipments_18_3 (created_at);

ALTER TABLE tasks_14_5 ADD COLUMN user_18_5 integer NOT NULL DEFAULT 0;

ALTER TABLE products_10_5 ADD CONSTRAINT products_10_5_invoice_3_chk_18 CHECK (invoice_3 IS NOT NULL);
