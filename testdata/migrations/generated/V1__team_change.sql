-- migration 1
BEGIN;

CREATE TABLE IF NOT EXISTS comments_1_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  refund_0 varchar(255) NOT NULL DEFAULT '',
  account_1 uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX comments_1_1_created_idx ON comments_1_1 (created_at);

ALTER TABLE comments_1_1 RENAME COLUMN refund_0 TO refund_0_old;

CREATE TABLE IF NOT EXISTS products_1_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_0 timestamptz,
  payment_1 timestamptz,
  comments_1_1_id bigint REFERENCES comments_1_1 (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX products_1_4_created_idx ON products_1_4 (created_at);

ALTER TABLE comments_1_1 ALTER COLUMN account_1 SET NOT NULL;

ALTER TABLE products_1_4 ADD CONSTRAINT products_1_4_id_chk_1 CHECK (id IS NOT NULL);

ALTER TABLE comments_1_1 RENAME COLUMN refund_0 TO refund_0_old;

COMMIT;
