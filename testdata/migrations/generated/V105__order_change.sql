-- migration 105
SET lock_timeout = '5s';

ALTER TABLE shipments_18_3 ALTER COLUMN cart_4 TYPE text;

COMMENT ON TABLE invoices_19_2 IS 'Owned by team shipment; see the runbook.';

COMMENT ON TABLE projects_87_3 IS 'Owned by team payment; see the runbook.';

ALTER TABLE reviews_93_2 ADD COLUMN review_105_4 timestamptz DEFAULT now();
