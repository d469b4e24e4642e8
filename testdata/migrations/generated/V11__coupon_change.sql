-- migration 11
ALTER TABLE users_6_0 ADD CONSTRAINT users_6_0_id_chk_11 CHECK (id IS NOT NULL) NOT VALID;

ALTER TABLE users_6_0 VALIDATE CONSTRAINT users_6_0_id_chk_11;

CREATE TABLE IF NOT EXISTS orders_11_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cart_0 jsonb,
  order_1 timestamptz DEFAULT now(),
  product_2 boolean,
  order_3 timestamptz NOT NULL DEFAULT now(),
  cart_4 timestamptz,
  invoice_5 boolean NOT NULL,
  team_6 integer NOT NULL,
  user_7 timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE orders_4_3 ALTER COLUMN invoice_2 TYPE text;

CREATE INDEX IF NOT EXISTS comments_10_6_team_0_idx_11 ON comments_10_6 (team_0);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'teams_4_0_11') THEN
    RAISE NOTICE 'no teams_4_0_11';
  END IF;
END
$$;

ALTER TABLE comments_1_1 ADD CONSTRAINT comments_1_1_id_chk_11 CHECK (id IS NOT NULL) NOT VALID;

ALTER TABLE comments_1_1 VALIDATE CONSTRAINT comments_1_1_id_chk_11;
