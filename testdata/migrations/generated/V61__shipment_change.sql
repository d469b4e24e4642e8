-- migration 61
BEGIN;

CREATE INDEX IF NOT EXISTS comments_24_5_id_idx_61 ON comments_24_5 (id);

COMMENT ON TABLE comments_10_6 IS 'Owned by team task; see the runbook.';

CREATE TABLE IF NOT EXISTS projects_61_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_0 uuid,
  review_1 numeric(12,2) NOT NULL,
  invoice_2 integer,
  user_3 bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE payments_27_3 DROP COLUMN IF EXISTS session_27_5;

COMMIT;
