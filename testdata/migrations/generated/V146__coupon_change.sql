-- migration 146
SET lock_timeout = '5s';

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'invoices_145_2_146') THEN
    RAISE NOTICE 'no invoices_145_2_146';
  END IF;
END
$$;

ALTER TABLE invoices_96_3 ADD COLUMN session_146_2 jsonb NOT NULL;

ALTER TABLE payments_131_2 ADD CONSTRAINT payments_131_2_order_0_chk_146 CHECK (order_0 IS NOT NULL);

ALTER TABLE events_89_1 ALTER COLUMN account_1 TYPE text;

ALTER TABLE projects_26_3 ADD COLUMN user_146_5 timestamptz NOT NULL DEFAULT now();

CREATE TABLE IF NOT EXISTS carts_146_6 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_0 varchar(255) DEFAULT '',
  task_1 boolean,
  review_2 boolean NOT NULL,
  refund_3 timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
