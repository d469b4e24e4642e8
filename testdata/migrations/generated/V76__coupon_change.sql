-- migration 76
ALTER TABLE comments_30_3 RENAME COLUMN id TO id_old;

ALTER TABLE coupons_44_0 ALTER COLUMN order_5 TYPE text;

UPDATE reviews_37_1 SET product_0 = DEFAULT WHERE product_0 IS NULL AND id < 10000;

ALTER TABLE shipments_63_4 ALTER COLUMN cart_74_1 SET NOT NULL;
