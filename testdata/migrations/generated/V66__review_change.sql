-- migration 66
CREATE TABLE IF NOT EXISTS products_66_0 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_0 boolean NOT NULL,
  team_1 integer NOT NULL,
  account_2 numeric(12,2) NOT NULL,
  product_3 numeric(12,2) DEFAULT 0,
  product_4 uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX products_66_0_created_idx ON products_66_0 (created_at);

ALTER TABLE products_1_4 ADD COLUMN product_66_2 bigint DEFAULT 0;

ALTER TABLE comments_1_1 RENAME COLUMN id TO id_old;

ALTER TABLE projects_26_3 ALTER COLUMN id TYPE text;
