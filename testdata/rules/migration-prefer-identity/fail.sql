-- setup: CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL); -- expect: migration-prefer-identity
