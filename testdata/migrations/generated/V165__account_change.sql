-- migration 165
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'payments_84_1_165') THEN
    RAISE NOTICE 'no payments_84_1_165';
  END IF;
END
$$;

ALTER TABLE comments_78_3 RENAME COLUMN invoice_0 TO invoice_0_old;

ALTER TABLE events_46_4 ALTER COLUMN session_0 TYPE text;

CREATE TABLE IF NOT EXISTS orders_165_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_0 text NOT NULL DEFAULT '',
  address_1 timestamptz NOT NULL DEFAULT now(),
  payment_2 numeric(12,2) NOT NULL DEFAULT 0,
  cart_3 numeric(12,2) NOT NULL DEFAULT 0,
  comment_4 uuid NOT NULL DEFAULT gen_random_uuid(),
  invoice_5 text NOT NULL,
  account_6 numeric(12,2),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_165_3_created_idx ON orders_165_3 (created_at);
