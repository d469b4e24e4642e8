-- migration 72
ALTER TABLE projects_47_1 ADD COLUMN team_72_0 varchar(255) NOT NULL;

UPDATE reviews_37_1 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

ALTER TABLE events_40_2 RENAME COLUMN cart_5 TO cart_5_old;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'orders_38_5_72') THEN
    RAISE NOTICE 'no orders_38_5_72';
  END IF;
END
$$;

CREATE TABLE IF NOT EXISTS refunds_72_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_0 numeric(12,2) DEFAULT 0,
  event_1 boolean NOT NULL,
  address_2 integer DEFAULT 0,
  payment_3 timestamptz NOT NULL,
  payment_4 boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS payments_72_5 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 jsonb DEFAULT '{}'::jsonb,
  coupon_1 timestamptz NOT NULL DEFAULT now(),
  event_2 timestamptz DEFAULT now(),
  invoice_3 jsonb,
  address_4 timestamptz NOT NULL DEFAULT now(),
  user_5 text,
  created_at timestamptz NOT NULL DEFAULT now()
);
