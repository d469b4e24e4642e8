-- migration 123
ALTER TABLE comments_30_3 RENAME COLUMN review_0 TO review_0_old;

CREATE TABLE IF NOT EXISTS events_123_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_0 timestamptz,
  product_1 jsonb DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_123_1_created_idx ON events_123_1 (created_at);

CREATE OR REPLACE FUNCTION coupons_114_2_touch_123() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER coupons_114_2_touch_123_trg BEFORE INSERT ON coupons_114_2 FOR EACH ROW EXECUTE FUNCTION coupons_114_2_touch_123();

ALTER TABLE events_46_4 ADD COLUMN cart_123_5 integer NOT NULL;
