-- migration 174
CREATE TABLE IF NOT EXISTS payments_174_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_0 bigint,
  comment_1 jsonb DEFAULT '{}'::jsonb,
  team_2 numeric(12,2) DEFAULT 0,
  account_3 jsonb,
  order_4 integer,
  product_5 integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_174_0_created_idx ON payments_174_0 (created_at);

UPDATE addresss_96_0 SET team_2 = DEFAULT WHERE team_2 IS NULL AND id < 10000;

CREATE INDEX CONCURRENTLY IF NOT EXISTS projects_148_5_project_3_idx_174 ON projects_148_5 (project_3);

ALTER TABLE accounts_77_2 ALTER COLUMN event_0 SET NOT NULL;
