-- migration 38
ALTER TABLE tasks_14_2 ADD CONSTRAINT tasks_14_2_session_24_3_chk_38 CHECK (session_24_3 IS NOT NULL);

CREATE TABLE IF NOT EXISTS carts_38_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 numeric(12,2),
  session_1 varchar(255) NOT NULL,
  event_2 jsonb,
  task_3 numeric(12,2) NOT NULL,
  refund_4 uuid,
  invoice_5 jsonb DEFAULT '{}'::jsonb,
  orders_4_3_id bigint REFERENCES orders_4_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX carts_38_1_created_idx ON carts_38_1 (created_at);

ALTER TABLE refunds_29_0 ADD COLUMN refund_38_3 timestamptz DEFAULT now();

ALTER TABLE carts_38_1 ALTER COLUMN event_0 SET NOT NULL;

CREATE TABLE IF NOT EXISTS orders_38_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 timestamptz,
  project_1 numeric(12,2) NOT NULL,
  comment_2 timestamptz,
  product_3 uuid,
  payment_4 timestamptz NOT NULL,
  refund_5 jsonb,
  review_6 bigint DEFAULT 0,
  team_7 timestamptz DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE comments_10_6 DROP COLUMN IF EXISTS event_16_5;
