-- migration 142
BEGIN;

UPDATE tasks_112_6 SET order_1 = DEFAULT WHERE order_1 IS NULL AND id < 10000;

COMMIT;
