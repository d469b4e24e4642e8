-- migration 150
BEGIN;

CREATE TABLE IF NOT EXISTS sessions_150_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_0 boolean,
  order_1 jsonb NOT NULL,
  invoice_2 uuid DEFAULT gen_random_uuid(),
  shipment_3 numeric(12,2) DEFAULT 0,
  product_4 bigint,
  account_5 boolean DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS coupons_150_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_0 integer NOT NULL DEFAULT 0,
  user_1 timestamptz DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE projects_111_2 ADD COLUMN team_150_3 varchar(255) NOT NULL;

ALTER TABLE carts_52_1 ADD CONSTRAINT carts_52_1_review_99_4_chk_150 CHECK (review_99_4 IS NOT NULL);

ALTER TABLE events_40_2 ALTER COLUMN invoice_2 SET NOT NULL;

ALTER TABLE tasks_112_6 RENAME COLUMN order_1 TO order_1_old;

COMMIT;
