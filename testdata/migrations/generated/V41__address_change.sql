-- migration 41
SET lock_timeout = '5s';

UPDATE refunds_26_2 SET payment_2 = DEFAULT WHERE payment_2 IS NULL AND id < 10000;

ALTER TABLE orders_24_2 RENAME COLUMN session_1 TO session_1_old;
