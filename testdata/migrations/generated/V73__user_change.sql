-- migration 73
UPDATE refunds_29_3 SET event_4 = DEFAULT WHERE event_4 IS NULL AND id < 10000;
