-- migration 27
SET lock_timeout = '5s';

BEGIN;

COMMENT ON TABLE shipments_18_3 IS 'Owned by team coupon; see the runbook.';

CREATE TABLE IF NOT EXISTS payments_27_3 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_0 varchar(255) DEFAULT '',
  refund_1 integer NOT NULL,
  order_2 varchar(255) NOT NULL,
  team_3 uuid,
  teams_4_0_id bigint REFERENCES teams_4_0 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'orders_4_3_27') THEN
    RAISE NOTICE 'no orders_4_3_27';
  END IF;
END
$$;

ALTER TABLE payments_27_3 ADD COLUMN session_27_5 boolean DEFAULT false;

COMMIT;
