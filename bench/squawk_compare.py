#!/usr/bin/env python3
"""Rule-by-rule comparison of Tollgate's migration rules with squawk on the same SQL files.

    python3 bench/squawk_compare.py [--tollgate BIN] [--squawk CMD] PATH...

Runs `tollgate check --format json` and squawk (`../shared/peers/squawk.sh`, JSON reporter) on
every `.sql` file under PATH, maps squawk rules to Tollgate rules through the `related.squawk`
names in the rules' METADATA (`tollgate rules --format json`), and prints a Markdown table: for
each squawk rule, how many findings each tool reports and on how many statements (file + line)
they agree. Down files and files for other databases are left out on both sides, as Tollgate
does. Standard library only.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sql_files(paths):
    out = []
    for p in paths:
        if os.path.isfile(p):
            out.append(p)
            continue
        for d, _, files in os.walk(p):
            out.extend(os.path.join(d, f) for f in files if f.endswith(".sql"))
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tollgate", default=os.path.join(ROOT, "target/release/tollgate"))
    ap.add_argument("--squawk", default=os.path.join(ROOT, "../shared/peers/squawk.sh"))
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()

    rules = json.loads(subprocess.run([a.tollgate, "rules", "--format", "json"],
                                      capture_output=True, check=True, text=True).stdout)
    ours_for = collections.defaultdict(set)  # squawk rule -> our rule ids
    for r in rules:
        names = (r.get("related") or {}).get("squawk") or []
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",")]
        for n in names:
            ours_for[n].add(r["id"])

    out = subprocess.run([a.tollgate, "check", "--format", "json", "--fail-on", "info", *a.paths],
                         capture_output=True, text=True)
    report = json.loads(out.stdout)
    ours = collections.defaultdict(set)  # rule -> {(file, line)}
    judged = set()
    for f in report["findings"]:
        path = os.path.realpath(f["file"])
        ours[f["rule"]].add((path, f["line"]))
        judged.add(path)
    errors = {os.path.realpath(e["file"]) for e in report["errors"]}

    files = [f for f in sql_files(a.paths)
             if not any(s in os.path.basename(f) for s in (".down.", "_down.", ".mysql.", ".sqlite", ".cockroach."))
             and os.path.realpath(f) not in errors]
    theirs = collections.defaultdict(set)
    squawk_errors = 0
    for i in range(0, len(files), 200):
        batch = files[i:i + 200]
        res = subprocess.run(["bash", a.squawk, *batch], capture_output=True, text=True)
        try:
            items = json.loads(res.stdout or "[]")
        except json.JSONDecodeError:
            print(res.stderr, file=sys.stderr)
            raise
        for it in items:
            if it.get("rule_name") in (None, "syntax-error"):
                squawk_errors += 1
                continue
            # squawk's lines are 0-based.
            theirs[it["rule_name"]].add((os.path.realpath(it["file"]), it["line"] + 1))

    print(f"{len(files)} files; Tollgate input errors: {len(errors)}; squawk syntax errors: {squawk_errors}\n")
    print("| squawk rule | Tollgate rule(s) | squawk | Tollgate | same line | files: squawk / Tollgate / both |")
    print("|---|---|---|---|---|---|")
    for name in sorted(set(theirs) | set(ours_for)):
        mine = set()
        for rid in ours_for.get(name, ()):
            mine |= ours.get(rid, set())
        th = theirs.get(name, set())
        both = len(th & mine)
        ids = ", ".join(sorted(ours_for.get(name, ()))) or "—"
        fth = {f for f, _ in th}
        fmine = {f for f, _ in mine}
        files_col = f"{len(fth)} / {len(fmine)} / {len(fth & fmine)}"
        print(f"| {name} | {ids} | {len(th)} | {len(mine) if name in ours_for else '—'} | {both} | {files_col} |")
    unmapped = sorted(r["id"] for r in rules
                      if "SqlMigration" in (r.get("kinds") or [])
                      and not (r.get("related") or {}).get("squawk"))
    if unmapped:
        print("\nTollgate rules with no squawk equivalent: " + ", ".join(unmapped))
        for rid in unmapped:
            print(f"- {rid}: {len(ours.get(rid, ()))} findings")


if __name__ == "__main__":
    main()
