-- migration 45
ALTER TABLE shipments_18_3 ALTER COLUMN shipment_1 TYPE text;

CREATE INDEX IF NOT EXISTS refunds_29_3_product_0_idx_45 ON refunds_29_3 (product_0);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'events_43_0_45') THEN
    RAISE NOTICE 'no events_43_0_45';
  END IF;
END
$$;

ALTER TABLE events_40_2 RENAME COLUMN comment_3 TO comment_3_old;

CREATE INDEX IF NOT EXISTS projects_26_3_id_idx_45 ON projects_26_3 (id);
