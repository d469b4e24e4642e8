-- migration 20
CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_6_5_team_0_idx_20 ON payments_6_5 (team_0);

CREATE OR REPLACE FUNCTION orders_4_3_touch_20() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := coalesce(NEW.created_at, now());
  RETURN NEW;
END;
$$;

CREATE TRIGGER orders_4_3_touch_20_trg BEFORE INSERT ON orders_4_3 FOR EACH ROW EXECUTE FUNCTION orders_4_3_touch_20();
