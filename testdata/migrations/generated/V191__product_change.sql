-- migration 191
ALTER TABLE orders_38_5 ADD COLUMN session_191_0 numeric(12,2) NOT NULL DEFAULT 0;

ALTER TABLE payments_174_0 DROP COLUMN IF EXISTS product_5;

ALTER TABLE users_69_2 ADD COLUMN comment_191_2 bigint DEFAULT 0;

ALTER TABLE teams_96_1 RENAME COLUMN account_2 TO account_2_old;
