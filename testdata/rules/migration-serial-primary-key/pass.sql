-- setup: CREATE TABLE items (name text); CREATE TABLE tags (name text);
-- A plain column filled from a sequence, then a primary key on a concurrently built index.
SET lock_timeout = '5s';
CREATE SEQUENCE items_id_seq;
ALTER TABLE items ADD COLUMN id bigint;
ALTER TABLE items ALTER COLUMN id SET DEFAULT nextval('items_id_seq');
UPDATE items SET id = nextval('items_id_seq') WHERE id IS NULL;
ALTER TABLE items ADD CONSTRAINT items_id_not_null CHECK (id IS NOT NULL) NOT VALID;
ALTER TABLE items VALIDATE CONSTRAINT items_id_not_null;
ALTER TABLE items ALTER COLUMN id SET NOT NULL;
CREATE UNIQUE INDEX CONCURRENTLY items_pkey ON items (id);
ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey;
