-- migration 4
CREATE TABLE IF NOT EXISTS teams_4_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_0 timestamptz,
  cart_1 uuid DEFAULT gen_random_uuid(),
  payment_2 integer NOT NULL,
  review_3 text,
  comment_4 timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE comments_1_1 ALTER COLUMN account_1 SET NOT NULL;

ALTER TABLE products_1_4 ADD CONSTRAINT products_1_4_comment_0_chk_4 CHECK (comment_0 IS NOT NULL);

CREATE TABLE IF NOT EXISTS orders_4_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 jsonb DEFAULT '{}'::jsonb,
  session_1 integer,
  invoice_2 text NOT NULL DEFAULT '',
  teams_4_0_id bigint REFERENCES teams_4_0 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_4_3_created_idx ON orders_4_3 (created_at);
