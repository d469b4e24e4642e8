-- migration 135
CREATE TABLE IF NOT EXISTS comments_135_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_0 jsonb,
  project_1 uuid,
  payments_118_2_id bigint REFERENCES payments_118_2 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE shipments_124_1 ALTER COLUMN address_0 TYPE text;

COMMENT ON TABLE projects_111_2 IS 'Owned by team session; see the runbook.';

ALTER TABLE refunds_72_4 ADD COLUMN session_135_3 timestamptz;

CREATE INDEX IF NOT EXISTS coupons_83_1_coupon_3_idx_135 ON coupons_83_1 (coupon_3);

ALTER TABLE teams_96_1 ADD COLUMN shipment_135_5 numeric(12,2) DEFAULT 0;
