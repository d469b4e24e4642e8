-- migration 168
ALTER TABLE comments_44_1 ADD CONSTRAINT comments_44_1_user_5_chk_168 CHECK (user_5 IS NOT NULL);
