-- migration 155
ALTER TABLE teams_4_0 ADD COLUMN coupon_155_0 uuid;

ALTER TABLE shipments_18_3 ADD COLUMN shipment_155_1 jsonb;

ALTER TABLE projects_26_3 RENAME COLUMN team_46_0 TO team_46_0_old;

UPDATE coupons_44_0 SET order_5 = DEFAULT WHERE order_5 IS NULL AND id < 10000;

ALTER TABLE comments_30_3 ADD COLUMN project_155_4 jsonb DEFAULT '{}'::jsonb;
