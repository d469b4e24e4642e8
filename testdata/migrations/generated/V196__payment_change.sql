-- migration 196
ALTER TABLE products_36_1 ADD COLUMN product_196_0 text NOT NULL;
