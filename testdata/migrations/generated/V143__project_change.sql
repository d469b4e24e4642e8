-- migration 143
ALTER TABLE events_89_1 ADD COLUMN cart_143_0 jsonb NOT NULL;
