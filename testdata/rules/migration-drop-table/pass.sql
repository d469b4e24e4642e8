-- setup: CREATE TABLE legacy_events (id bigint PRIMARY KEY, payload jsonb); CREATE TABLE audit_log (id bigint PRIMARY KEY);
-- A staging table created and dropped in the same migration; the old tables stay until no
-- release uses them.
SET lock_timeout = '5s';
CREATE TABLE import_staging (id bigint, payload jsonb);
INSERT INTO import_staging SELECT id, payload FROM legacy_events;
DROP TABLE import_staging;
