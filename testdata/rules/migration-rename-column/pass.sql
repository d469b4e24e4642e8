-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- Expand: a new column kept in sync by a trigger, then backfilled. Reads move to it in the
-- next release; the old column is dropped in a later one.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN email_address text;
CREATE FUNCTION users_sync_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email_address := NEW.email;
  RETURN NEW;
END
$$;
CREATE TRIGGER users_sync_email BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_sync_email();
UPDATE users SET email_address = email WHERE email_address IS NULL;
