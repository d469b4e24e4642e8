-- migration 43
CREATE TABLE IF NOT EXISTS events_43_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_0 text,
  account_1 integer NOT NULL DEFAULT 0,
  task_2 text DEFAULT '',
  comment_3 text NOT NULL,
  coupon_4 timestamptz DEFAULT now(),
  payment_5 timestamptz NOT NULL DEFAULT now(),
  order_6 text,
  event_7 text,
  created_at timestamptz NOT NULL DEFAULT now()
);
