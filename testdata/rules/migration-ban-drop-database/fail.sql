-- setup: CREATE DATABASE legacy_reports;
DROP DATABASE legacy_reports; -- expect: migration-ban-drop-database
