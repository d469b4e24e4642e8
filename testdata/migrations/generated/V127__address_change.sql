-- migration 127
SET lock_timeout = '5s';

ALTER TABLE comments_44_1 ADD CONSTRAINT comments_44_1_account_3_chk_127 CHECK (account_3 IS NOT NULL) NOT VALID;

ALTER TABLE comments_44_1 VALIDATE CONSTRAINT comments_44_1_account_3_chk_127;

COMMENT ON TABLE events_123_1 IS 'Owned by team account; see the runbook.';

CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_24_2_session_1_idx_127 ON orders_24_2 (session_1);
