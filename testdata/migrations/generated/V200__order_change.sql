-- migration 200
SET lock_timeout = '5s';

BEGIN;

ALTER TABLE orders_82_0 ADD CONSTRAINT orders_82_0_id_chk_200 CHECK (id IS NOT NULL) NOT VALID;

ALTER TABLE orders_82_0 VALIDATE CONSTRAINT orders_82_0_id_chk_200;

UPDATE accounts_74_3 SET event_2 = DEFAULT WHERE event_2 IS NULL AND id < 10000;

CREATE TABLE IF NOT EXISTS teams_200_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_0 boolean DEFAULT false,
  session_1 jsonb,
  account_2 varchar(255) DEFAULT '',
  refund_3 text,
  comment_4 numeric(12,2),
  event_5 text NOT NULL,
  shipment_6 uuid NOT NULL DEFAULT gen_random_uuid(),
  invoice_7 varchar(255) NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX teams_200_5_created_idx ON teams_200_5 (created_at);

COMMIT;
