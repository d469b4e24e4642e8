-- setup: CREATE DATABASE legacy_reports;
-- Databases are decommissioned by hand after a backup, not by a migration.
COMMENT ON DATABASE legacy_reports IS 'decommissioned: drop by hand after pg_dump';
