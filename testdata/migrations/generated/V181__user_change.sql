-- migration 181
CREATE INDEX IF NOT EXISTS reviews_113_1_address_2_idx_181 ON reviews_113_1 (address_2);

ALTER TABLE accounts_178_5 ALTER COLUMN team_0 SET NOT NULL;

ALTER TABLE coupons_83_1 ADD COLUMN address_181_2 varchar(255) DEFAULT '';
