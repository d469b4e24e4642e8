-- migration 29
CREATE TABLE IF NOT EXISTS refunds_29_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 timestamptz NOT NULL DEFAULT now(),
  comment_1 integer NOT NULL,
  task_2 numeric(12,2) NOT NULL,
  invoice_3 text NOT NULL,
  cart_4 timestamptz,
  comment_5 jsonb,
  coupon_6 boolean NOT NULL,
  refund_7 uuid DEFAULT gen_random_uuid(),
  invoices_19_2_id bigint REFERENCES invoices_19_2 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refunds_29_0_created_idx ON refunds_29_0 (created_at);

ALTER TABLE comments_1_1 RENAME COLUMN refund_0 TO refund_0_old;

CREATE TABLE IF NOT EXISTS refunds_29_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_0 numeric(12,2) NOT NULL DEFAULT 0,
  review_1 boolean,
  address_2 bigint,
  payment_3 timestamptz DEFAULT now(),
  event_4 text NOT NULL,
  refund_5 jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE users_6_3 ADD COLUMN user_29_4 text;

CREATE OR REPLACE FUNCTION products_10_5_touch_29() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER products_10_5_touch_29_trg BEFORE INSERT ON products_10_5 FOR EACH ROW EXECUTE FUNCTION products_10_5_touch_29();
