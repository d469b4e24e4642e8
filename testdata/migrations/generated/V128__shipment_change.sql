-- migration 128
SET lock_timeout = '5s';

COMMENT ON TABLE products_10_5 IS 'Owned by team payment; see the runbook.';

UPDATE events_123_1 SET product_1 = DEFAULT WHERE product_1 IS NULL AND id < 10000;

UPDATE carts_52_1 SET session_0 = DEFAULT WHERE session_0 IS NULL AND id < 10000;
