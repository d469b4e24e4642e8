#!/usr/bin/env python3
"""The two helm commands kustomize 5.5's HelmChartInflationGenerator runs, answered with the
real Helm v4 engine (helm-python-sdk, installed by ../shared/peers/install.sh):

  helm version -c --short
      Prints a v3 version: kustomize 5.5 refuses any other major version (5.6+ accept v4).
      The engine rendering the charts is Helm v4.2.3.
  helm template NAME CHART [--namespace NS] -f VALUES [-f VALUES]... [--include-crds]
                [--skip-tests] [--no-hooks]
      Prints what `helm template` prints: the CRD files of crds/ first (with --include-crds),
      then the release manifest in Helm's install order.

Refused (exit 1, so a golden file is never written from a guess): --generate-name (Helm puts
the current time in the name), --name-template, --api-versions, --kube-version, --debug, and a
chart that renders hooks without --no-hooks (the engine's client-only install does not return
hooks, so they could not be printed as `helm template` prints them). Tollgate's handling of
those is tested in policy-core instead.
"""
import argparse
import os
import sys

sys.path.insert(0, os.environ.get("TOLLGATE_PEERS", ""))
try:
    from helm_template import load_values, release_manifest  # ../shared/peers/helm_template.py
    from helm_python.chart import Chart
except ImportError as e:
    sys.exit(f"helm-for-kustomize: {e}: run ../shared/peers/install.sh and set TOLLGATE_SHARED")


def refuse(what):
    print(f"Error: helm-for-kustomize does not render {what}", file=sys.stderr)
    return 1


def crd_files(chart_dir):
    """crds/*.yaml|yml|json of the chart, sorted, then of each subchart directory (charts/*)."""
    out = []
    crds = os.path.join(chart_dir, "crds")
    if os.path.isdir(crds):
        for root, _, files in sorted(os.walk(crds)):
            for f in sorted(files):
                if f.endswith((".yaml", ".yml", ".json")):
                    out.append(os.path.join(root, f))
    sub = os.path.join(chart_dir, "charts")
    if os.path.isdir(sub):
        for d in sorted(os.listdir(sub)):
            if os.path.isdir(os.path.join(sub, d)):
                out.extend(crd_files(os.path.join(sub, d)))
    return out


def renders_hooks(chart, values, name, namespace):
    out = Chart.load(chart).render(values=values, name=name, namespace=namespace)
    return any("helm.sh/hook" in text for text in out.values())


def main(argv):
    if argv[:1] == ["version"]:
        print("v3.99.0+helm-v4.2.3-engine")
        return 0
    if argv[:1] != ["template"]:
        return refuse(" ".join(argv))
    p = argparse.ArgumentParser(prog="helm template")
    p.add_argument("args", nargs="*")
    p.add_argument("-f", "--values", action="append", default=[])
    p.add_argument("-n", "--namespace", default="default")
    p.add_argument("--include-crds", action="store_true")
    p.add_argument("--skip-tests", action="store_true")
    p.add_argument("--no-hooks", action="store_true")
    p.add_argument("--generate-name", action="store_true")
    p.add_argument("--name-template")
    p.add_argument("--api-versions", action="append")
    p.add_argument("--kube-version")
    p.add_argument("--debug", action="store_true")
    a = p.parse_args(argv[1:])
    for flag in ("generate_name", "name_template", "api_versions", "kube_version", "debug"):
        if getattr(a, flag):
            return refuse("--" + flag.replace("_", "-"))
    if len(a.args) != 2:
        return refuse("a template call without NAME CHART")
    name, chart = a.args
    try:
        values = load_values(a.values)
        if not a.no_hooks and renders_hooks(chart, values, name, a.namespace):
            return refuse("hooks (pass skipHooks: true)")
        out = []
        if a.include_crds:
            for f in crd_files(chart):
                with open(f) as fh:
                    out.append(f"---\n# Source: {os.path.relpath(f, os.path.dirname(chart))}\n"
                               f"{fh.read()}\n")
        out.append(release_manifest(chart, values, name, a.namespace))
        sys.stdout.write("".join(out))
    except Exception as e:  # Helm's own message, on stderr as helm prints it
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
