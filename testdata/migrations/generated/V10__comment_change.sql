-- migration 10
ALTER TABLE users_6_3 ALTER COLUMN refund_6 SET NOT NULL;

CREATE OR REPLACE FUNCTION products_1_4_touch_10() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER products_1_4_touch_10_trg BEFORE INSERT ON products_1_4 FOR EACH ROW EXECUTE FUNCTION products_1_4_touch_10();

ALTER TABLE products_1_4 ADD CONSTRAINT products_1_4_comment_0_chk_10 CHECK (comment_0 IS NOT NULL) NOT VALID;

ALTER TABLE products_1_4 VALIDATE CONSTRAINT products_1_4_comment_0_chk_10;

CREATE TABLE IF NOT EXISTS products_10_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_0 jsonb NOT NULL,
  event_1 numeric(12,2) NOT NULL,
  address_2 uuid DEFAULT gen_random_uuid(),
  invoice_3 boolean NOT NULL,
  payment_4 varchar(255),
  comments_1_1_id bigint REFERENCES comments_1_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS comments_10_6 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 timestamptz DEFAULT now(),
  user_1 boolean DEFAULT false,
  coupon_2 timestamptz NOT NULL,
  shipment_3 integer NOT NULL DEFAULT 0,
  task_4 uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX comments_10_6_created_idx ON comments_10_6 (created_at);
