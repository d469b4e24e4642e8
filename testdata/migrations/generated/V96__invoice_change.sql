-- migration 96
CREATE TABLE IF NOT EXISTS addresss_96_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_0 numeric(12,2) NOT NULL DEFAULT 0,
  comment_1 bigint,
  team_2 uuid DEFAULT gen_random_uuid(),
  invoice_3 jsonb,
  comment_4 jsonb NOT NULL,
  invoice_5 jsonb NOT NULL,
  session_6 numeric(12,2) NOT NULL DEFAULT 0,
  coupon_7 bigint DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS teams_96_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_0 varchar(255) NOT NULL,
  comment_1 timestamptz DEFAULT now(),
  account_2 integer,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX teams_96_1_created_idx ON teams_96_1 (created_at);

CREATE TABLE IF NOT EXISTS invoices_96_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_0 boolean NOT NULL DEFAULT false,
  event_1 timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX invoices_96_3_created_idx ON invoices_96_3 (created_at);
