-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- No rewrite: the column is added without a default, new rows get one, old rows are
-- backfilled in batches. Constant and stable defaults are only stored in the catalog.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN token uuid;
ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();
UPDATE users SET token = gen_random_uuid() WHERE token IS NULL AND id BETWEEN 1 AND 10000;
ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN status text DEFAULT 'active';
