-- migration 89
COMMENT ON TABLE orders_65_2 IS 'Owned by team cart; see the runbook.';

CREATE TABLE IF NOT EXISTS events_89_1 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cart_0 integer NOT NULL,
  account_1 jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE tasks_14_2 ADD CONSTRAINT tasks_14_2_cart_1_chk_89 CHECK (cart_1 IS NOT NULL);

ALTER TABLE users_6_3 ADD CONSTRAINT users_6_3_event_3_chk_89 CHECK (event_3 IS NOT NULL);

ALTER TABLE reviews_37_1 ADD CONSTRAINT reviews_37_1_task_1_chk_89 CHECK (task_1 IS NOT NULL);
