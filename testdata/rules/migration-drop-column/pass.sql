-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text, nickname text);
-- Contract step of a column no release uses any more happens in a later migration (with an
-- exception); dropping a column of a table created in this file is always safe.
SET lock_timeout = '5s';
CREATE TABLE import_batches (id bigint PRIMARY KEY, raw_payload text, checksum text);
ALTER TABLE import_batches DROP COLUMN raw_payload;
ALTER TABLE users ADD COLUMN bio text;
