-- migration 47
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS projects_47_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 integer NOT NULL DEFAULT 0,
  cart_1 boolean DEFAULT false,
  cart_2 text NOT NULL,
  review_3 numeric(12,2),
  invoice_4 bigint,
  team_5 bigint DEFAULT 0,
  shipments_18_3_id bigint REFERENCES shipments_18_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
