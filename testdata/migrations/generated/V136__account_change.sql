-- migration 136
CREATE TABLE IF NOT EXISTS coupons_136_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  refund_0 text NOT NULL DEFAULT '',
  comment_1 numeric(12,2) NOT NULL,
  projects_26_3_id bigint REFERENCES projects_26_3 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX coupons_136_0_created_idx ON coupons_136_0 (created_at);

CREATE INDEX CONCURRENTLY IF NOT EXISTS coupons_21_0_id_idx_136 ON coupons_21_0 (id);

CREATE TABLE IF NOT EXISTS invoices_136_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_0 integer DEFAULT 0,
  comment_1 numeric(12,2) DEFAULT 0,
  order_2 bigint,
  reviews_19_4_id bigint REFERENCES reviews_19_4 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
