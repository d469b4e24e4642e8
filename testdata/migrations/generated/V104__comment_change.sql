-- migration 104
UPDATE users_69_2 SET product_2 = DEFAULT WHERE product_2 IS NULL AND id < 10000;

COMMENT ON TABLE refunds_29_0 IS 'Owned by team session; see the runbook.';

CREATE INDEX IF NOT EXISTS projects_47_1_team_72_0_idx_104 ON projects_47_1 (team_72_0);

ALTER TABLE payments_72_5 ADD CONSTRAINT payments_72_5_user_5_chk_104 CHECK (user_5 IS NOT NULL);

UPDATE invoices_19_2 SET id = DEFAULT WHERE id IS NULL AND id < 10000;

CREATE INDEX IF NOT EXISTS events_46_4_id_idx_104 ON events_46_4 (id);
