-- migration 166
ALTER TABLE users_69_2 ADD CONSTRAINT users_69_2_shipment_3_chk_166 CHECK (shipment_3 IS NOT NULL);

COMMENT ON TABLE comments_78_3 IS 'Owned by team project; see the runbook.';

CREATE INDEX IF NOT EXISTS reviews_148_7_id_idx_166 ON reviews_148_7 (id);

ALTER TABLE users_110_7 ALTER COLUMN id SET NOT NULL;

CREATE TABLE IF NOT EXISTS refunds_166_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_0 boolean DEFAULT false,
  user_1 timestamptz,
  cart_2 boolean NOT NULL DEFAULT false,
  project_3 text DEFAULT '',
  session_4 numeric(12,2),
  comments_10_6_id bigint REFERENCES comments_10_6 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refunds_166_4_created_idx ON refunds_166_4 (created_at);

CREATE INDEX IF NOT EXISTS events_43_0_event_7_idx_166 ON events_43_0 (event_7);
