-- migration 163
ALTER TABLE payments_27_3 RENAME COLUMN id TO id_old;

CREATE INDEX IF NOT EXISTS orders_52_5_invoice_84_4_idx_163 ON orders_52_5 (invoice_84_4);

CREATE INDEX IF NOT EXISTS accounts_77_2_id_idx_163 ON accounts_77_2 (id);

CREATE INDEX IF NOT EXISTS events_114_1_refund_0_idx_163 ON events_114_1 (refund_0);

COMMENT ON TABLE tasks_148_6 IS 'Owned by team review; see the runbook.';
