-- migration 30
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS events_30_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_0 timestamptz,
  review_1 numeric(12,2) DEFAULT 0,
  session_2 uuid,
  task_3 numeric(12,2) NOT NULL,
  address_4 timestamptz NOT NULL DEFAULT now(),
  order_5 jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_30_1_created_idx ON events_30_1 (created_at);

CREATE TABLE IF NOT EXISTS comments_30_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_0 text NOT NULL,
  task_1 boolean,
  cart_2 jsonb NOT NULL DEFAULT '{}'::jsonb,
  address_3 boolean NOT NULL,
  event_4 varchar(255),
  order_5 text,
  task_6 boolean DEFAULT false,
  sessions_22_5_id bigint REFERENCES sessions_22_5 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
