-- migration 82
CREATE TABLE IF NOT EXISTS orders_82_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_0 text NOT NULL DEFAULT '',
  payment_1 text,
  user_2 jsonb NOT NULL,
  event_3 text NOT NULL,
  cart_4 numeric(12,2) DEFAULT 0,
  comment_5 numeric(12,2) DEFAULT 0,
  user_6 jsonb,
  shipment_7 text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_82_0_created_idx ON orders_82_0 (created_at);

CREATE TABLE IF NOT EXISTS events_82_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_0 jsonb,
  order_1 varchar(255) NOT NULL,
  refund_2 jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_82_2_created_idx ON events_82_2 (created_at);

CREATE TABLE IF NOT EXISTS addresss_82_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_0 timestamptz NOT NULL DEFAULT now(),
  team_1 numeric(12,2) NOT NULL,
  comment_2 jsonb NOT NULL,
  cart_3 uuid DEFAULT gen_random_uuid(),
  refund_4 text DEFAULT '',
  task_5 varchar(255),
  task_6 integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE accounts_74_3 ADD COLUMN session_82_5 varchar(255) NOT NULL;

ALTER TABLE accounts_77_2 DROP COLUMN IF EXISTS team_1;
