#!/usr/bin/env python3
"""Times the real Helm engine (helm-python-sdk, Helm v4) rendering charts inside one Python
process: Chart.load + client-only dry-run install, as ../shared/peers/helm-template.sh does,
without the interpreter's start-up. Run with the peers' virtualenv python.

usage: helm_peer.py REPEATS CHART_DIR...
Prints one line per chart: `<chart> <best seconds of REPEATS>`.
"""
import os
import sys
import time

from helm_python.chart import Chart
from helm_python.config import Config


def render(chart_dir):
    os.environ.setdefault("KUBECONFIG", os.devnull)
    ch = Chart.load(chart_dir)
    cfg = Config(storage_driver="memory", namespace="default")
    cfg.install(ch, "release-name", {}, namespace="default", dry_run="client")


def main():
    repeats = int(sys.argv[1])
    for chart in sys.argv[2:]:
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            render(chart)
            best = min(best, time.perf_counter() - start)
        print(f"{chart} {best:.4f}")


if __name__ == "__main__":
    main()
