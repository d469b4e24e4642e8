-- migration 124
ALTER TABLE events_46_4 RENAME COLUMN address_1 TO address_1_old;

CREATE TABLE IF NOT EXISTS shipments_124_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address_0 jsonb DEFAULT '{}'::jsonb,
  account_1 boolean DEFAULT false,
  events_89_1_id bigint REFERENCES events_89_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX CONCURRENTLY IF NOT EXISTS shipments_124_1_id_idx_124 ON shipments_124_1 (id);

CREATE TABLE IF NOT EXISTS coupons_124_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_0 numeric(12,2) NOT NULL,
  order_1 uuid DEFAULT gen_random_uuid(),
  cart_2 numeric(12,2),
  task_3 jsonb DEFAULT '{}'::jsonb,
  product_4 numeric(12,2) NOT NULL,
  coupons_107_3_id bigint REFERENCES coupons_107_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX coupons_124_3_created_idx ON coupons_124_3 (created_at);

ALTER TABLE events_113_7 ALTER COLUMN coupon_4 TYPE text;

ALTER TABLE payments_13_4 ALTER COLUMN id TYPE text;
