-- migration 63
ALTER TABLE comments_30_3 DROP COLUMN IF EXISTS task_6;

CREATE INDEX CONCURRENTLY IF NOT EXISTS comments_1_1_refund_0_idx_63 ON comments_1_1 (refund_0);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'events_40_2_63') THEN
    RAISE NOTICE 'no events_40_2_63';
  END IF;
END
$$;

UPDATE events_30_1 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

CREATE TABLE IF NOT EXISTS shipments_63_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_0 bigint DEFAULT 0,
  address_1 jsonb,
  task_2 uuid,
  session_3 varchar(255) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX shipments_63_4_created_idx ON shipments_63_4 (created_at);

ALTER TABLE payments_6_5 ALTER COLUMN id TYPE text;
