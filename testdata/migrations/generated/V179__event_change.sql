-- migration 179
ALTER TABLE events_89_1 ADD COLUMN user_179_0 jsonb NOT NULL DEFAULT '{}'::jsonb;
