-- setup: CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE DOMAIN email_address AS text CHECK (VALUE LIKE '%@%'); -- expect: migration-domain-constraint
ALTER DOMAIN email_address ADD CONSTRAINT email_address_lower CHECK (VALUE = lower(VALUE)); -- expect: migration-domain-constraint
