-- migration 93
CREATE OR REPLACE FUNCTION refunds_72_4_touch_93() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER refunds_72_4_touch_93_trg BEFORE INSERT ON refunds_72_4 FOR EACH ROW EXECUTE FUNCTION refunds_72_4_touch_93();

CREATE TABLE IF NOT EXISTS reviews_93_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_0 integer,
  account_1 timestamptz,
  payment_2 integer NOT NULL,
  order_3 boolean,
  project_4 boolean,
  session_5 uuid NOT NULL,
  user_6 numeric(12,2) DEFAULT 0,
  comment_7 text DEFAULT '',
  payments_80_1_id bigint REFERENCES payments_80_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX reviews_93_2_created_idx ON reviews_93_2 (created_at);

CREATE INDEX CONCURRENTLY IF NOT EXISTS projects_47_1_review_3_idx_93 ON projects_47_1 (review_3);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'sessions_22_5_93') THEN
    RAISE NOTICE 'no sessions_22_5_93';
  END IF;
END
$$;

ALTER TABLE sessions_22_5 ALTER COLUMN id TYPE text;
