-- migration 14
CREATE OR REPLACE FUNCTION products_10_5_touch_14() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER products_10_5_touch_14_trg BEFORE INSERT ON products_10_5 FOR EACH ROW EXECUTE FUNCTION products_10_5_touch_14();

CREATE TABLE IF NOT EXISTS tasks_14_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_0 bigint DEFAULT 0,
  cart_1 boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS addresss_14_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_0 text,
  event_1 bigint,
  order_2 timestamptz DEFAULT now(),
  payment_3 numeric(12,2) DEFAULT 0,
  shipment_4 varchar(255) NOT NULL,
  cart_5 numeric(12,2) NOT NULL,
  address_6 varchar(255),
  payment_7 timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX addresss_14_3_created_idx ON addresss_14_3 (created_at);

CREATE TABLE IF NOT EXISTS tasks_14_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  refund_0 bigint DEFAULT 0,
  payment_1 numeric(12,2) NOT NULL DEFAULT 0,
  task_2 numeric(12,2),
  cart_3 integer DEFAULT 0,
  users_6_3_id bigint REFERENCES users_6_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX tasks_14_5_created_idx ON tasks_14_5 (created_at);
