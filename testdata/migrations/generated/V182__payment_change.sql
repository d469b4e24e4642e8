-- migration 182
SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS products_182_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_0 boolean,
  cart_1 varchar(255),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX products_182_1_created_idx ON products_182_1 (created_at);

ALTER TABLE tasks_148_6 ADD CONSTRAINT tasks_148_6_project_2_chk_182 CHECK (project_2 IS NOT NULL);

CREATE TABLE IF NOT EXISTS teams_182_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_0 text,
  address_1 text DEFAULT '',
  refund_2 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX teams_182_4_created_idx ON teams_182_4 (created_at);

CREATE OR REPLACE FUNCTION sessions_22_5_touch_182() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER sessions_22_5_touch_182_trg BEFORE INSERT ON sessions_22_5 FOR EACH ROW EXECUTE FUNCTION sessions_22_5_touch_182();

ALTER TABLE users_6_3 ALTER COLUMN project_1 SET NOT NULL;

CREATE OR REPLACE FUNCTION coupons_150_2_touch_182() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER coupons_150_2_touch_182_trg BEFORE INSERT ON coupons_150_2 FOR EACH ROW EXECUTE FUNCTION coupons_150_2_touch_182();
