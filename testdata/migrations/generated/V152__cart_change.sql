-- migration 152
ALTER TABLE events_123_1 ALTER COLUMN team_0 TYPE text;

ALTER TABLE carts_52_1 ADD COLUMN refund_152_1 uuid DEFAULT gen_random_uuid();

ALTER TABLE comments_30_3 ALTER COLUMN event_4 SET NOT NULL;

ALTER TABLE invoices_136_3 ADD COLUMN session_152_3 numeric(12,2) NOT NULL;
