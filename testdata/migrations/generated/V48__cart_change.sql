-- migration 48
ALTER TABLE invoices_19_2 ADD COLUMN product_48_0 integer DEFAULT 0;

COMMENT ON TABLE orders_4_3 IS 'Owned by team account; see the runbook.';
