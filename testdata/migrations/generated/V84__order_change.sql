-- migration 84
ALTER TABLE orders_4_3 ADD COLUMN event_84_0 jsonb NOT NULL DEFAULT '{}'::jsonb;

CREATE TABLE IF NOT EXISTS payments_84_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_0 integer DEFAULT 0,
  invoice_1 jsonb NOT NULL DEFAULT '{}'::jsonb,
  payment_2 uuid NOT NULL DEFAULT gen_random_uuid(),
  user_3 uuid,
  invoices_19_2_id bigint REFERENCES invoices_19_2 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_84_1_created_idx ON payments_84_1 (created_at);

ALTER TABLE comments_1_1 ALTER COLUMN id SET NOT NULL;

ALTER TABLE orders_52_5 ADD COLUMN invoice_84_4 text DEFAULT '';
