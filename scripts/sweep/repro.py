#!/usr/bin/env python3
"""Runs the minimal reproductions of docs/conformance/RESULTS.md with both tools.

usage: scripts/conformance-sweep.sh --repro [NAME...]     (all of them without a NAME)

A reproduction is a set of fenced code blocks in RESULTS.md whose info string names it and the
file it is: ```yaml repro=h-hexfloat file=templates/t.yaml```. Each is written to a temporary
folder (a Helm chart when a file is Chart.yaml, else a Kustomize root), rendered by Tollgate and by
the real tool (the peers of the sweep), and compared as the sweep compares (decoded documents).
"""
import os
import re
import sys
import tempfile

import sweep

FENCE = re.compile(r"^```(\w*)[ \t]+([^\n]*)\n(.*?)^```[ \t]*$", re.M | re.S)


def reproductions(markdown):
    out = {}
    for m in FENCE.finditer(markdown):
        attrs = dict(a.split("=", 1) for a in m.group(2).split() if "=" in a)
        if "repro" in attrs and "file" in attrs:
            out.setdefault(attrs["repro"], []).append((attrs["file"], m.group(3)))
    return out


def main(argv, cfg):
    with open(os.path.join(cfg.repo, "docs", "conformance", "RESULTS.md"), encoding="utf-8") as f:
        repros = reproductions(f.read())
    names = argv or sorted(repros)
    status = 0
    for name in names:
        if name not in repros:
            print(f"repro: no reproduction named {name!r} (known: {', '.join(sorted(repros))})")
            status = 2
            continue
        with tempfile.TemporaryDirectory(prefix="tollgate-repro-") as tmp:
            root = os.path.join(tmp, name)
            for path, text in repros[name]:
                p = os.path.join(root, path)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p, "w", encoding="utf-8") as f:
                    f.write(text)
            kind = "helm" if any(p == "Chart.yaml" for p, _ in repros[name]) else "kustomize"
            case = {"repo": "repro", "kind": kind, "path": name, "values": None, "base": tmp,
                    "id": f"repro:{name}"}
            r = sweep.judge(case, cfg)
            raw = r["_raw"]
            print(f"=== {name} ({kind}): {r['outcome']}: {r['detail']}")
            print(f"--- tollgate (exit {r['tollgate_code']})")
            print((raw["tollgate_out"].strip() + "\n" + raw["tollgate_err"].strip()).strip())
            print(f"--- {'helm' if kind == 'helm' else 'kustomize'} (exit {r['peer_code']})")
            print((raw["peer_out"].strip() + "\n" + sweep.peer_message(raw["peer_err"]).strip())
                  .strip())
            print()
    return status
