-- migration 40
BEGIN;

UPDATE payments_13_4 SET review_1 = DEFAULT WHERE review_1 IS NULL AND id < 10000;

CREATE TABLE IF NOT EXISTS events_40_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_0 uuid NOT NULL DEFAULT gen_random_uuid(),
  team_1 numeric(12,2),
  invoice_2 integer DEFAULT 0,
  comment_3 integer,
  invoice_4 text NOT NULL DEFAULT '',
  cart_5 numeric(12,2),
  refunds_29_0_id bigint REFERENCES refunds_29_0 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE tasks_14_2 ADD COLUMN refund_40_3 text;

ALTER TABLE orders_24_2 ALTER COLUMN task_0 SET NOT NULL;

COMMIT;
