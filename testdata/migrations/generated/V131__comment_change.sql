-- migration 131
SET lock_timeout = '5s';

ALTER TABLE projects_119_2 ALTER COLUMN team_2 SET NOT NULL;

CREATE TABLE IF NOT EXISTS payments_131_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_0 jsonb NOT NULL,
  session_1 text NOT NULL,
  task_2 uuid NOT NULL,
  address_3 bigint DEFAULT 0,
  task_4 timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_131_2_created_idx ON payments_131_2 (created_at);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'products_1_4_131') THEN
    RAISE NOTICE 'no products_1_4_131';
  END IF;
END
$$;
