-- migration 139
ALTER TABLE shipments_124_1 RENAME COLUMN account_1 TO account_1_old;

CREATE TABLE IF NOT EXISTS teams_139_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_0 varchar(255),
  coupon_1 varchar(255),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX teams_139_1_created_idx ON teams_139_1 (created_at);

COMMENT ON TABLE events_89_1 IS 'Owned by team refund; see the runbook.';

UPDATE users_121_4 SET comment_2 = DEFAULT WHERE comment_2 IS NULL AND id < 10000;
