-- migration 25
BEGIN;

UPDATE addresss_14_3 SET event_1 = DEFAULT WHERE event_1 IS NULL AND id < 10000;

COMMIT;
