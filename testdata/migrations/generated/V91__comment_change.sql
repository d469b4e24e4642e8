-- migration 91
CREATE TABLE IF NOT EXISTS products_91_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_0 boolean,
  user_1 text,
  invoice_2 integer,
  project_3 integer NOT NULL DEFAULT 0,
  order_4 text NOT NULL,
  event_5 varchar(255) NOT NULL DEFAULT '',
  team_6 timestamptz DEFAULT now(),
  account_7 uuid,
  comments_44_1_id bigint REFERENCES comments_44_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX products_91_0_created_idx ON products_91_0 (created_at);

CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_77_2_id_idx_91 ON accounts_77_2 (id);

UPDATE orders_65_2 SET task_0 = DEFAULT WHERE task_0 IS NULL AND id < 10000;

CREATE OR REPLACE FUNCTION carts_52_1_touch_91() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER carts_52_1_touch_91_trg BEFORE INSERT ON carts_52_1 FOR EACH ROW EXECUTE FUNCTION carts_52_1_touch_91();
