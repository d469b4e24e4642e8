-- migration 67
CREATE INDEX CONCURRENTLY IF NOT EXISTS comments_30_3_id_idx_67 ON comments_30_3 (id);

CREATE TABLE IF NOT EXISTS payments_67_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_0 timestamptz,
  order_1 varchar(255),
  event_2 boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_67_1_created_idx ON payments_67_1 (created_at);
