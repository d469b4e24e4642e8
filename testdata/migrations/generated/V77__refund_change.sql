-- migration 77
ALTER TABLE payments_67_1 ADD CONSTRAINT payments_67_1_id_chk_77 CHECK (id IS NOT NULL) NOT VALID;

ALTER TABLE payments_67_1 VALIDATE CONSTRAINT payments_67_1_id_chk_77;

CREATE TABLE IF NOT EXISTS accounts_77_2 (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_0 timestamptz NOT NULL DEFAULT now(),
  team_1 bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
