#!/usr/bin/env python3
"""Generates N realistic PostgreSQL migration files (Flyway names, V1__… to VN__…) for the
migration benchmark.

    python3 bench/gen_migrations.py N OUTDIR [--seed S]

Each file holds 1-8 statements drawn from what real migration histories contain: CREATE TABLE
with constraints and defaults, ADD COLUMN (nullable, NOT NULL with and without defaults, volatile
defaults), CREATE INDEX (plain and CONCURRENTLY), ADD CONSTRAINT (FOREIGN KEY / CHECK, with and
without NOT VALID), VALIDATE CONSTRAINT, SET NOT NULL, RENAME, DROP COLUMN, ALTER TYPE, data
backfills, SET lock_timeout, COMMENT ON, functions with $$ bodies and triggers, BEGIN/COMMIT.
Standard library only; the same seed gives the same files.
"""
import argparse
import os
import random

TYPES = ["text", "bigint", "integer", "boolean", "timestamptz", "jsonb", "uuid", "numeric(12,2)", "varchar(255)"]
DEFAULTS = {"text": "''", "bigint": "0", "integer": "0", "boolean": "false", "timestamptz": "now()",
            "jsonb": "'{}'::jsonb", "uuid": "gen_random_uuid()", "numeric(12,2)": "0", "varchar(255)": "''"}
WORDS = ["user", "account", "order", "invoice", "payment", "session", "event", "product", "cart",
         "address", "shipment", "refund", "coupon", "review", "team", "project", "task", "comment"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    tables = []  # (name, [columns])
    total = 0
    for v in range(1, a.n + 1):
        stmts = []
        if rnd.random() < 0.3:
            stmts.append("SET lock_timeout = '5s';")
        tx = rnd.random() < 0.2
        if tx:
            stmts.append("BEGIN;")
        for _ in range(rnd.randint(1, 6)):
            kind = rnd.random()
            if kind < 0.2 or not tables:
                name = f"{rnd.choice(WORDS)}s_{v}_{len(stmts)}"
                cols = ["id"] + [f"{rnd.choice(WORDS)}_{i}" for i in range(rnd.randint(2, 8))]
                body = ["  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"]
                for c in cols[1:]:
                    t = rnd.choice(TYPES)
                    nn = " NOT NULL" if rnd.random() < 0.4 else ""
                    d = f" DEFAULT {DEFAULTS[t]}" if rnd.random() < 0.4 else ""
                    body.append(f"  {c} {t}{nn}{d}")
                if tables and rnd.random() < 0.4:
                    ref = rnd.choice(tables)[0]
                    body.append(f"  {ref}_id bigint REFERENCES {ref} (id) ON DELETE CASCADE")
                body.append("  created_at timestamptz NOT NULL DEFAULT now()")
                stmts.append(f"CREATE TABLE IF NOT EXISTS {name} (\n" + ",\n".join(body) + "\n);")
                tables.append((name, cols))
                if rnd.random() < 0.5:
                    stmts.append(f"CREATE INDEX {name}_created_idx ON {name} (created_at);")
                continue
            t, cols = rnd.choice(tables)
            col = f"{rnd.choice(WORDS)}_{v}_{len(stmts)}"
            ty = rnd.choice(TYPES)
            r = rnd.random()
            if r < 0.2:
                extra = rnd.choice(["", " NOT NULL", f" DEFAULT {DEFAULTS[ty]}", f" NOT NULL DEFAULT {DEFAULTS[ty]}"])
                stmts.append(f"ALTER TABLE {t} ADD COLUMN {col} {ty}{extra};")
                cols.append(col)
            elif r < 0.35:
                c = rnd.choice(cols)
                cc = " CONCURRENTLY" if rnd.random() < 0.5 and not tx else ""
                stmts.append(f"CREATE INDEX{cc} IF NOT EXISTS {t}_{c}_idx_{v} ON {t} ({c});")
            elif r < 0.45:
                c = rnd.choice(cols)
                nv = " NOT VALID" if rnd.random() < 0.5 else ""
                stmts.append(f"ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_chk_{v} CHECK ({c} IS NOT NULL){nv};")
                if nv:
                    stmts.append(f"ALTER TABLE {t} VALIDATE CONSTRAINT {t}_{c}_chk_{v};")
            elif r < 0.52:
                stmts.append(f"ALTER TABLE {t} ALTER COLUMN {rnd.choice(cols)} SET NOT NULL;")
            elif r < 0.58:
                c = rnd.choice(cols)
                stmts.append(f"ALTER TABLE {t} RENAME COLUMN {c} TO {c}_old;")
            elif r < 0.64 and len(cols) > 2:
                c = cols.pop()
                stmts.append(f"ALTER TABLE {t} DROP COLUMN IF EXISTS {c};")
            elif r < 0.7:
                stmts.append(f"ALTER TABLE {t} ALTER COLUMN {rnd.choice(cols)} TYPE text;")
            elif r < 0.8:
                c = rnd.choice(cols)
                stmts.append(f"UPDATE {t} SET {c} = DEFAULT WHERE {c} IS NULL AND id < 10000;")
            elif r < 0.87:
                stmts.append(f"COMMENT ON TABLE {t} IS 'Owned by team {rnd.choice(WORDS)}; see the runbook.';")
            elif r < 0.94:
                fn = f"{t}_touch_{v}"
                stmts.append(
                    f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                    f"BEGIN\n  NEW.created_at := coalesce(NEW.created_at, now());\n  RETURN NEW;\nEND;\n$$;")
                stmts.append(f"CREATE TRIGGER {fn}_trg BEFORE INSERT ON {t} FOR EACH ROW EXECUTE FUNCTION {fn}();")
            else:
                stmts.append(f"DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = '{t}_{v}') THEN\n"
                             f"    RAISE NOTICE 'no {t}_{v}';\n  END IF;\nEND\n$$;")
        if tx:
            stmts.append("COMMIT;")
        with open(os.path.join(a.out, f"V{v}__{rnd.choice(WORDS)}_change.sql"), "w") as f:
            f.write(f"-- migration {v}\n" + "\n\n".join(stmts) + "\n")
        total += len(stmts)
    size = sum(os.path.getsize(os.path.join(a.out, f)) for f in os.listdir(a.out))
    print(f"{a.n} migration files, {total} statements, {size} bytes in {a.out}")


if __name__ == "__main__":
    main()
