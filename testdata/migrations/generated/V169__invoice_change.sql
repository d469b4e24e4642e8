-- migration 169
UPDATE products_66_0 SET team_1 = DEFAULT WHERE team_1 IS NULL AND id < 10000;

CREATE INDEX CONCURRENTLY IF NOT EXISTS projects_111_2_product_2_idx_169 ON projects_111_2 (product_2);

ALTER TABLE tasks_113_4 ADD COLUMN cart_169_2 jsonb NOT NULL;

ALTER TABLE orders_38_5 RENAME COLUMN refund_5 TO refund_5_old;

CREATE TABLE IF NOT EXISTS teams_169_4 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address_0 varchar(255) DEFAULT '',
  team_1 uuid NOT NULL,
  order_2 bigint NOT NULL DEFAULT 0,
  invoice_3 boolean,
  invoice_4 varchar(255) NOT NULL,
  coupon_5 integer NOT NULL,
  address_6 numeric(12,2) NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX teams_169_4_created_idx ON teams_169_4 (created_at);

CREATE INDEX IF NOT EXISTS addresss_14_3_id_idx_169 ON addresss_14_3 (id);
