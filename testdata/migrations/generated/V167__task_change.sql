-- migration 167
SET lock_timeout = '5s';

UPDATE comments_44_1 SET user_5 = DEFAULT WHERE user_5 IS NULL AND id < 10000;
