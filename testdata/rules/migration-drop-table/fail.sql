-- setup: CREATE TABLE legacy_events (id bigint PRIMARY KEY, payload jsonb); CREATE TABLE audit_log (id bigint PRIMARY KEY);
SET lock_timeout = '5s';
DROP TABLE legacy_events; -- expect: migration-drop-table
DROP TABLE IF EXISTS audit_log CASCADE; -- expect: migration-drop-table
