-- migration 138
ALTER TABLE payments_131_2 ADD COLUMN session_138_0 integer NOT NULL;
