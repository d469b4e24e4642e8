-- migration 74
BEGIN;

ALTER TABLE shipments_63_4 ADD COLUMN cart_74_1 boolean;

CREATE TABLE IF NOT EXISTS coupons_74_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_0 jsonb NOT NULL,
  address_1 jsonb NOT NULL DEFAULT '{}'::jsonb,
  refund_2 varchar(255),
  session_3 timestamptz NOT NULL DEFAULT now(),
  task_4 uuid,
  session_5 numeric(12,2),
  invoice_6 timestamptz,
  address_7 integer DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS accounts_74_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 uuid NOT NULL DEFAULT gen_random_uuid(),
  project_1 text,
  event_2 jsonb NOT NULL DEFAULT '{}'::jsonb,
  event_3 integer DEFAULT 0,
  refund_4 timestamptz NOT NULL,
  user_5 jsonb,
  account_6 varchar(255) NOT NULL,
  task_7 varchar(255),
  created_at timestamptz NOT NULL DEFAULT now()
);

COMMIT;
