-- migration 134
SET lock_timeout = '5s';

ALTER TABLE events_46_4 ADD CONSTRAINT events_46_4_id_chk_134 CHECK (id IS NOT NULL) NOT VALID;

ALTER TABLE events_46_4 VALIDATE CONSTRAINT events_46_4_id_chk_134;

ALTER TABLE events_89_1 ADD CONSTRAINT events_89_1_comment_112_2_chk_134 CHECK (comment_112_2 IS NOT NULL);

ALTER TABLE addresss_82_4 ALTER COLUMN task_6 SET NOT NULL;

CREATE INDEX IF NOT EXISTS coupons_21_2_invoice_4_idx_134 ON coupons_21_2 (invoice_4);

UPDATE refunds_72_4 SET event_1 = DEFAULT WHERE event_1 IS NULL AND id < 10000;
