-- migration 140
CREATE TABLE IF NOT EXISTS coupons_140_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cart_0 jsonb NOT NULL,
  event_1 timestamptz DEFAULT now(),
  user_2 varchar(255) DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX coupons_140_0_created_idx ON coupons_140_0 (created_at);

ALTER TABLE teams_139_1 ADD CONSTRAINT teams_139_1_id_chk_140 CHECK (id IS NOT NULL);

UPDATE projects_111_2 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

CREATE TABLE IF NOT EXISTS payments_140_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  coupon_0 bigint,
  cart_1 timestamptz NOT NULL,
  users_6_0_id bigint REFERENCES users_6_0 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_140_4_created_idx ON payments_140_4 (created_at);

CREATE INDEX CONCURRENTLY IF NOT EXISTS refunds_29_3_event_4_idx_140 ON refunds_29_3 (event_4);
