-- migration 194
ALTER TABLE comments_1_1 ALTER COLUMN id TYPE text;

ALTER TABLE comments_78_3 RENAME COLUMN cart_3 TO cart_3_old;

CREATE TABLE IF NOT EXISTS events_194_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  coupon_0 timestamptz NOT NULL,
  shipment_1 integer NOT NULL,
  user_2 bigint NOT NULL,
  invoice_3 bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
