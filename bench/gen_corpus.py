#!/usr/bin/env python3
"""Generates a realistic, deterministic GitOps corpus for Tollgate's benchmark.

usage: gen_corpus.py N OUTDIR [--seed S]

Writes about N Kubernetes documents as multi-document YAML files under OUTDIR/apps/<team>/<app>/,
plus OUTDIR/one-file/app.yaml (one Deployment + Service + PodDisruptionBudget) for the
pre-commit-hook measurement. Python 3.11 standard library only.

Mix of documents (by construction, in expectation): ~40% workloads (Deployment, StatefulSet,
Argo Rollout), ~25% Service, ~15% PodDisruptionBudget + ConfigMap, ~10% Flux HelmRelease,
~10% other (CronJob, ServiceAccount, HorizontalPodAutoscaler, Ingress, NetworkPolicy).

Determinism: one random.Random(seed) drives the apps in order, and generation stops once N
documents are reached, so the corpus for a smaller N with the same seed is exactly a prefix
(the same first app directories, byte for byte) of the corpus for a larger N.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
from collections import Counter

# --------------------------------------------------------------------------------------------
# A small YAML emitter: block style by default, with comments, flow mappings, anchors/aliases,
# literal block scalars. Written by hand (rather than a dumper) to look like hand-edited GitOps.
# --------------------------------------------------------------------------------------------


class Comment:
    """A dict key that emits a `# text` line instead of an entry."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


class Flow(dict):
    """A mapping written in flow style: {a: 1, b: 2}."""


class FlowList(list):
    """A sequence written in flow style: [a, b]."""


class Anchor:
    """A value carrying an anchor: `key: &name` followed by the value."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value):
        self.name = name
        self.value = value


class Alias:
    """An alias: `key: *name`."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class Merge:
    """A merge key entry `<<: *name`, used as a dict key (value ignored)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class Trailing:
    """A scalar with a trailing comment: `key: value  # text`."""

    __slots__ = ("value", "text")

    def __init__(self, value, text: str):
        self.value = value
        self.text = text


_PLAIN = re.compile(r"^[A-Za-z0-9_/][A-Za-z0-9_./@+=,()-]*(?:[:][A-Za-z0-9_./@+=-]+)*$")
_RESERVED = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL|~|[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN"
    r"|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?"
    r"|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$"
)


def scalar(v) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    if s and _PLAIN.match(s) and not _RESERVED.match(s):
        return s
    return json.dumps(s, ensure_ascii=False)


def _is_block(v) -> bool:
    if isinstance(v, Anchor):
        v = v.value
    if isinstance(v, (Flow, FlowList)):
        return False
    if isinstance(v, dict):
        return bool(v)
    if isinstance(v, list):
        return bool(v)
    if isinstance(v, str) and "\n" in v:
        return False  # literal block handled inline
    return False


def _inline(v) -> str:
    if isinstance(v, Flow):
        return "{" + ", ".join(f"{scalar(k)}: {_inline(x)}" for k, x in v.items()) + "}"
    if isinstance(v, FlowList):
        return "[" + ", ".join(_inline(x) for x in v) + "]"
    if isinstance(v, Alias):
        return "*" + v.name
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    return scalar(v)


def _literal(s: str, indent: int) -> list[str]:
    pad = " " * indent
    head = "|" if s.endswith("\n") else "|-"
    body = s[:-1] if s.endswith("\n") else s
    return [head] + [(pad + line) if line else "" for line in body.split("\n")]


def emit(v, indent: int, out: list[str], seq_indent: int = 2) -> None:
    """Emits a block mapping or sequence at `indent`."""
    pad = " " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(k, Comment):
                out.append(f"{pad}# {k.text}")
                continue
            if isinstance(k, Merge):
                out.append(f"{pad}<<: *{k.name}")
                continue
            emit_entry(pad + scalar(k) + ":", x, indent, out, seq_indent)
    elif isinstance(v, list):
        ipad = " " * (indent + seq_indent)
        for x in v:
            _emit_item(x, indent + seq_indent, ipad, out, seq_indent)
    else:
        raise TypeError(type(v))


def emit_entry(prefix: str, x, indent: int, out: list[str], seq_indent: int) -> None:
    anchor = ""
    if isinstance(x, Anchor):
        anchor = " &" + x.name
        x = x.value
    if isinstance(x, Trailing):
        out.append(f"{prefix}{anchor} {_inline(x.value)}  # {x.text}")
    elif isinstance(x, str) and "\n" in x:
        lines = _literal(x, indent + 2)
        out.append(f"{prefix}{anchor} {lines[0]}")
        out.extend(lines[1:])
    elif _is_block(x):
        out.append(prefix + anchor)
        if isinstance(x, list):
            # "- " two columns under the key (seq_indent 2) or flush with it (kubectl style, 0).
            emit(x, indent + 2, out, seq_indent)
        else:
            emit(x, indent + 2, out, seq_indent)
    else:
        out.append(f"{prefix}{anchor} {_inline(x)}")


def _emit_item(x, item_indent: int, ipad: str, out: list[str], seq_indent: int) -> None:
    dash_pad = " " * (item_indent - 2)
    if isinstance(x, dict) and not isinstance(x, Flow) and x:
        first = True
        for k, y in x.items():
            if isinstance(k, Comment):
                out.append(f"{' ' * item_indent}# {k.text}")
                continue
            prefix = (dash_pad + "- " if first else " " * item_indent) + scalar(k) + ":"
            first = False
            emit_entry(prefix, y, item_indent, out, seq_indent)
    elif isinstance(x, str) and "\n" in x:
        lines = _literal(x, item_indent)
        out.append(dash_pad + "- " + lines[0])
        out.extend(lines[1:])
    elif isinstance(x, list) and not isinstance(x, FlowList) and x:
        out.append(dash_pad + "-")
        emit(x, item_indent, out, seq_indent)
    else:
        out.append(dash_pad + "- " + _inline(x))


def dump_doc(doc: dict, seq_indent: int) -> str:
    out: list[str] = []
    emit(doc, 0, out, seq_indent)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

TEAMS = [
    "payments", "checkout", "search", "identity", "platform", "data", "ml", "growth",
    "notifications", "catalog", "inventory", "shipping", "billing", "fraud", "ads", "media",
    "messaging", "observability", "security", "mobile-bff", "partners", "pricing", "reviews",
    "recommendations", "loyalty", "support", "analytics", "edge", "storage", "compliance",
    "onboarding", "maps",
]
ADJ = [
    "fast", "blue", "core", "legacy", "smart", "async", "edge", "main", "bulk", "live", "quick",
    "prime", "daily", "stream", "batch", "public", "internal", "secure", "green", "red",
]
NOUN = [
    "gateway", "ledger", "indexer", "router", "scheduler", "worker", "api", "frontend", "backend",
    "collector", "exporter", "sync", "resolver", "broker", "cache", "proxy", "ingester", "renderer",
    "notifier", "matcher", "planner", "tracker", "auth", "profile", "session", "store", "feed",
]
COMPONENTS = ["api", "worker", "web", "consumer", "grpc", "admin", "cron", "migrator", "scheduler"]
REGISTRIES = [
    "ghcr.io/acme", "registry.acme.internal/{team}", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/{team}",
    "europe-docker.pkg.dev/acme-prod/containers", "quay.io/acme", "docker.io/acme",
]
SIDECARS = [
    ("istio-proxy", "docker.io/istio/proxyv2", ["1.22.3", "1.23.1", "1.24.0"], 15090),
    ("fluent-bit", "cr.fluentbit.io/fluent/fluent-bit", ["3.1.4", "3.0.7", "2.2.3"], 2020),
    ("cloud-sql-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy", ["2.11.4", "2.13.0"], 9801),
    ("vault-agent", "hashicorp/vault", ["1.17.2", "1.16.3"], 8200),
    ("otel-collector", "otel/opentelemetry-collector-contrib", ["0.104.0", "0.108.0"], 4317),
    ("nginx", "nginx", ["1.27.1-alpine", "1.25.5", "stable-alpine"], 8081),
    ("oauth2-proxy", "quay.io/oauth2-proxy/oauth2-proxy", ["v7.6.0", "v7.7.1"], 4180),
    ("redis-exporter", "oliver006/redis_exporter", ["v1.62.0", "v1.58.0"], 9121),
]
ENV_NAMES = [
    "LOG_LEVEL", "LOG_FORMAT", "HTTP_PORT", "GRPC_PORT", "METRICS_PORT", "DATABASE_HOST",
    "DATABASE_PORT", "DATABASE_NAME", "DATABASE_USER", "DATABASE_POOL_SIZE", "REDIS_URL",
    "KAFKA_BROKERS", "KAFKA_TOPIC", "KAFKA_GROUP_ID", "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "FEATURE_FLAGS_URL", "SENTRY_DSN",
    "SENTRY_ENVIRONMENT", "JAVA_TOOL_OPTIONS", "GOMAXPROCS", "GOMEMLIMIT", "NODE_ENV",
    "NODE_OPTIONS", "CACHE_TTL_SECONDS", "REQUEST_TIMEOUT_MS", "MAX_CONCURRENCY",
    "UPSTREAM_URL", "S3_BUCKET", "AWS_REGION", "TZ", "LANG", "ENABLE_TRACING", "ENABLE_PROFILING",
    "RATE_LIMIT_RPS", "CIRCUIT_BREAKER_THRESHOLD", "SHUTDOWN_GRACE_SECONDS", "WORKER_QUEUES",
    "RETRY_BACKOFF", "TLS_CERT_PATH", "TLS_KEY_PATH", "PPROF_ENABLED", "BATCH_SIZE",
]
HELM_CHARTS = [
    ("podinfo", "podinfo", "6.7.x"), ("redis", "bitnami", "19.6.4"), ("postgresql", "bitnami", "15.5.20"),
    ("ingress-nginx", "ingress-nginx", "4.11.2"), ("cert-manager", "jetstack", "v1.15.3"),
    ("external-dns", "external-dns", "1.14.5"), ("kube-prometheus-stack", "prometheus-community", "61.9.0"),
    ("grafana", "grafana", "8.4.7"), ("loki", "grafana", "6.10.0"), ("tempo", "grafana", "1.10.3"),
    ("keda", "kedacore", "2.15.1"), ("sealed-secrets", "sealed-secrets", "2.16.1"),
    ("rabbitmq", "bitnami", "14.6.6"), ("kafka", "bitnami", "30.0.4"), ("app-template", "bjw-s", "3.3.2"),
    ("opentelemetry-collector", "open-telemetry", "0.102.1"), ("vault", "hashicorp", "0.28.1"),
]


def hexdigest(rng: random.Random) -> str:
    return "%064x" % rng.getrandbits(256)


# --------------------------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------------------------


class Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    # ---- pieces ---------------------------------------------------------------------------

    def labels(self, app: str, team: str, comp: str, version: str | None) -> dict:
        lab = {"app.kubernetes.io/name": app, "app.kubernetes.io/component": comp}
        if self.chance(0.7):
            lab["app.kubernetes.io/part-of"] = team
        if version and self.chance(0.5):
            lab["app.kubernetes.io/version"] = version
        if self.chance(0.4):
            lab["team"] = team
        if self.chance(0.3):
            lab["app.kubernetes.io/managed-by"] = self.r.choice(["flux", "argocd", "kustomize"])
        return lab

    def image(self, team: str, name: str) -> tuple[str, str]:
        r = self.r
        reg = r.choice(REGISTRIES).format(team=team)
        version = f"{r.randint(0, 4)}.{r.randint(0, 30)}.{r.randint(0, 12)}"
        x = r.random()
        if x < 0.06:
            ref = f"{reg}/{name}:latest"
        elif x < 0.09:
            ref = f"{reg}/{name}"
        elif x < 0.27:
            ref = f"{reg}/{name}:{version}@sha256:{hexdigest(r)}"
        elif x < 0.35:
            ref = f"{reg}/{name}@sha256:{hexdigest(r)}"
        elif x < 0.45:
            ref = f"{reg}/{name}:{r.choice(['main', 'sha'])}-{'%07x' % r.getrandbits(28)}"
        else:
            ref = f"{reg}/{name}:v{version}" if r.random() < 0.3 else f"{reg}/{name}:{version}"
        return ref, version

    def env_value(self, nm: str, app: str) -> str:
        """A plausible value for an environment variable of that name (always a string)."""
        r = self.r
        if nm.endswith("_PORT"):
            return str(r.choice([5432, 6379, 8080, 9090, 9092, 50051]))
        table = {
            "LOG_LEVEL": lambda: r.choice(["info", "debug", "warn", "INFO"]),
            "LOG_FORMAT": lambda: r.choice(["json", "text", "logfmt"]),
            "DATABASE_HOST": lambda: f"{app}-db.{r.choice(TEAMS)}.svc.cluster.local",
            "DATABASE_NAME": lambda: app.replace("-", "_"),
            "DATABASE_USER": lambda: app.replace("-", "_") + "_rw",
            "REDIS_URL": lambda: f"redis://redis-master.{r.choice(TEAMS)}.svc:6379/{r.randint(0, 15)}",
            "KAFKA_BROKERS": lambda: "kafka-0.kafka:9092,kafka-1.kafka:9092,kafka-2.kafka:9092",
            "KAFKA_TOPIC": lambda: f"{app}.events.v{r.randint(1, 3)}",
            "KAFKA_GROUP_ID": lambda: f"{app}-consumer",
            "OTEL_EXPORTER_OTLP_ENDPOINT": lambda: "http://otel-collector.observability.svc:4317",
            "OTEL_SERVICE_NAME": lambda: app,
            "OTEL_RESOURCE_ATTRIBUTES": lambda: "service.namespace=prod,deployment.environment=production",
            "FEATURE_FLAGS_URL": lambda: "http://flagd.platform.svc:8013",
            "SENTRY_DSN": lambda: f"https://{'%032x' % r.getrandbits(128)}@o{r.randint(10000, 99999)}.ingest.sentry.io/{r.randint(100000, 999999)}",
            "SENTRY_ENVIRONMENT": lambda: r.choice(["production", "staging"]),
            "JAVA_TOOL_OPTIONS": lambda: f"-XX:MaxRAMPercentage={r.choice([50, 70, 75])}.0 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError",
            "GOMAXPROCS": lambda: str(r.choice([1, 2, 4])),
            "GOMEMLIMIT": lambda: f"{r.choice([230, 460, 920])}MiB",
            "NODE_ENV": lambda: "production",
            "NODE_OPTIONS": lambda: f"--max-old-space-size={r.choice([256, 384, 768])}",
            "UPSTREAM_URL": lambda: f"http://{r.choice(NOUN)}.{r.choice(TEAMS)}.svc.cluster.local:{r.choice([80, 8080])}",
            "S3_BUCKET": lambda: f"acme-{app}-{r.choice(['prod', 'staging'])}",
            "AWS_REGION": lambda: r.choice(["eu-west-1", "us-east-1", "eu-central-1"]),
            "TZ": lambda: r.choice(["UTC", "Europe/Berlin"]),
            "LANG": lambda: "C.UTF-8",
            "WORKER_QUEUES": lambda: "default,critical,low",
            "RETRY_BACKOFF": lambda: r.choice(["100ms", "1s", "exponential"]),
            "TLS_CERT_PATH": lambda: "/etc/tls/tls.crt",
            "TLS_KEY_PATH": lambda: "/etc/tls/tls.key",
        }
        if nm in table:
            return table[nm]()
        if nm.startswith(("ENABLE_", "PPROF_", "FEATURE_")):
            return r.choice(["true", "false"])
        return str(r.choice([1, 5, 10, 30, 100, 250, 1000, 5000]))

    def env(self, app: str, n: int) -> list:
        r = self.r
        names = r.sample(ENV_NAMES, min(n, len(ENV_NAMES)))
        while len(names) < n:
            names.append(f"EXTRA_SETTING_{len(names)}")
        out = []
        for nm in names:
            x = r.random()
            if x < 0.12:
                out.append({"name": nm, "valueFrom": {"secretKeyRef": {
                    "name": f"{app}-secrets", "key": nm.lower().replace("_", "-")}}})
            elif x < 0.18:
                out.append({"name": nm, "valueFrom": {"configMapKeyRef": {
                    "name": f"{app}-config", "key": nm.lower(), **({"optional": True} if r.random() < 0.3 else {})}}})
            elif x < 0.22:
                out.append({"name": nm, "valueFrom": {"fieldRef": {
                    "fieldPath": r.choice(["metadata.namespace", "metadata.name", "status.podIP", "spec.nodeName"])}}})
            elif x < 0.25:
                out.append({"name": nm, "valueFrom": {"resourceFieldRef": {
                    "resource": r.choice(["limits.memory", "limits.cpu", "requests.cpu"]), "divisor": r.choice(["1", "1Mi", "1m"])}}})
            else:
                v = self.env_value(nm, app)
                out.append({"name": nm, "value": v})
        return out

    def probe(self, port: int, kind: str | None = None, pname: str = "http") -> dict:
        r = self.r
        kind = kind or r.choices(["http", "tcp", "exec", "grpc"], [70, 15, 10, 5])[0]
        if kind == "http":
            h = {"path": r.choice(["/healthz", "/ready", "/livez", "/health", "/actuator/health", "/-/ready"]),
                 "port": r.choice([port, pname])}
            p = {"httpGet": Flow(h) if r.random() < 0.4 else h}
        elif kind == "tcp":
            p = {"tcpSocket": {"port": port}}
        elif kind == "exec":
            p = {"exec": {"command": FlowList(["/bin/grpc_health_probe", f"-addr=:{port}"]) if r.random() < 0.5
                          else ["sh", "-c", "test -f /tmp/healthy"]}}
        else:
            p = {"grpc": {"port": port}}
        if r.random() < 0.7:
            p["initialDelaySeconds"] = r.choice([0, 5, 10, 15, 30])
        if r.random() < 0.6:
            p["periodSeconds"] = r.choice([5, 10, 15, 30])
        if r.random() < 0.4:
            p["timeoutSeconds"] = r.choice([1, 2, 3, 5])
        if r.random() < 0.4:
            p["failureThreshold"] = r.choice([3, 5, 6, 10, 30])
        return p

    def resources(self) -> dict | None:
        r = self.r
        cpu = r.choice(["10m", "50m", "100m", "250m", "500m", "1", "2"])
        mem = r.choice(["32Mi", "64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "2Gi"])
        lmem = r.choice(["128Mi", "256Mi", "512Mi", "1Gi", "2Gi", "4Gi"])
        x = r.random()
        if x < 0.12:
            return None
        if x < 0.2:
            return {}
        if x < 0.35:
            return {"requests": Flow({"cpu": cpu, "memory": mem})}
        if x < 0.42:
            return {"limits": {"cpu": r.choice(["500m", "1", "2"]), "memory": lmem}}
        res = {"requests": {"cpu": cpu, "memory": mem}, "limits": {"memory": lmem}}
        if r.random() < 0.4:
            res["limits"]["cpu"] = r.choice(["500m", "1", "2", "4"])
        if r.random() < 0.1:
            res["requests"]["ephemeral-storage"] = r.choice(["1Gi", "2Gi"])
        return res

    def container_sc(self) -> dict | None:
        r = self.r
        x = r.random()
        if x < 0.25:
            return None
        if x < 0.3:
            return {"privileged": True}
        if x < 0.34:
            return {"runAsUser": 0, "allowPrivilegeEscalation": True}
        if x < 0.4:
            return {"capabilities": {"add": FlowList(r.sample(["NET_ADMIN", "SYS_ADMIN", "NET_RAW", "SYS_PTRACE"], r.randint(1, 2)))}}
        sc = {"allowPrivilegeEscalation": False}
        if r.random() < 0.7:
            sc["readOnlyRootFilesystem"] = r.random() < 0.8
        if r.random() < 0.6:
            sc["runAsNonRoot"] = True
        if r.random() < 0.5:
            sc["runAsUser"] = r.choice([1000, 10001, 65532, 65534])
        if r.random() < 0.7:
            sc["capabilities"] = {"drop": ["ALL"]}
        if r.random() < 0.3:
            sc["seccompProfile"] = {"type": "RuntimeDefault"}
        return sc

    def container(self, team: str, app: str, name: str, port: int, main: bool, envn: int) -> tuple[dict, str]:
        r = self.r
        if main:
            image, version = self.image(team, app)
        else:
            sname, repo, tags, sport = next(s for s in SIDECARS if s[0] == name)
            port = sport
            version = r.choice(tags)
            image = f"{repo}:{version}" if r.random() < 0.85 else (f"{repo}:latest" if r.random() < 0.5 else repo)
        c: dict = {"name": name, "image": image}
        if r.random() < 0.3:
            c["imagePullPolicy"] = r.choice(["IfNotPresent", "Always"])
        if not main and r.random() < 0.5:
            c["args"] = r.choice([
                ["--port", str(port), "--log-level=info"],
                FlowList(["-c", "/fluent-bit/etc/fluent-bit.conf"]),
                ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local"],
                [f"--address=0.0.0.0:{port}", "--structured-logs", "--health-check"],
            ])
        elif main and r.random() < 0.15:
            c["command"] = FlowList(["/app/server"]) if r.random() < 0.5 else ["java", "-jar", "/app/app.jar"]
        ports = [{"name": "http" if main else "metrics", "containerPort": port, "protocol": "TCP"}]
        if main and r.random() < 0.4:
            ports.append({"name": "metrics", "containerPort": r.choice([9090, 9102, 8081])})
        if r.random() < 0.2:
            ports = [Flow(p) for p in ports]
        c["ports"] = ports
        if envn:
            c["env"] = self.env(app, envn)
        if main and r.random() < 0.25:
            c["envFrom"] = [{"configMapRef": {"name": f"{app}-config"}}] + (
                [{"secretRef": {"name": f"{app}-env"}}] if r.random() < 0.5 else [])
        res = self.resources()
        if res is not None:
            c["resources"] = res
        # probes: present, partially present, or missing
        pr = r.random() if main else r.random() * 1.6
        pn = "http" if main else "metrics"
        if pr < 0.55:
            c["readinessProbe"] = self.probe(port, None, pn)
            c["livenessProbe"] = self.probe(port, None, pn)
            if r.random() < 0.2:
                c["startupProbe"] = self.probe(port, "http", pn)
        elif pr < 0.7:
            c["readinessProbe"] = self.probe(port, None, pn)
        elif pr < 0.8:
            c["livenessProbe"] = self.probe(port, None, pn)
        sc = self.container_sc()
        if sc is not None:
            c["securityContext"] = sc
        if r.random() < 0.45:
            c["volumeMounts"] = [{"name": "config", "mountPath": "/etc/" + app, "readOnly": True}] + (
                [{"name": "tmp", "mountPath": "/tmp"}] if r.random() < 0.6 else [])
        if main and r.random() < 0.3:
            c["lifecycle"] = {"preStop": {"exec": {"command": FlowList(["sh", "-c", f"sleep {r.choice([5, 10, 15, 20])}"])}}}
        return c, version

    def pod_spec(self, team: str, app: str, comp: str, ncont: int, port: int, long_env: bool) -> tuple[dict, str]:
        r = self.r
        spec: dict = {}
        if r.random() < 0.6:
            spec["serviceAccountName"] = app if r.random() < 0.8 else "default"
        if r.random() < 0.2:
            spec["automountServiceAccountToken"] = False
        x = r.random()
        if x < 0.5:
            psc = {"runAsNonRoot": True}
            if r.random() < 0.5:
                psc["runAsUser"] = r.choice([1000, 10001, 65532])
            if r.random() < 0.4:
                psc["fsGroup"] = r.choice([1000, 2000, 65532])
            if r.random() < 0.4:
                psc["seccompProfile"] = {"type": "RuntimeDefault"}
            spec["securityContext"] = psc
        elif x < 0.55:
            spec["securityContext"] = {"runAsUser": 0}
        elif x < 0.58:
            spec["hostNetwork"] = True
        if r.random() < 0.2:
            spec["priorityClassName"] = r.choice(["high-priority", "business-critical", "batch-low"])
        if r.random() < 0.4:
            spec["terminationGracePeriodSeconds"] = r.choice([10, 30, 45, 60, 120])
        if r.random() < 0.15:
            spec["initContainers"] = [{
                "name": "wait-for-db", "image": r.choice(["busybox:1.36", "busybox", "postgres:16-alpine"]),
                "command": ["sh", "-c", "until nc -z $(DATABASE_HOST) 5432; do echo waiting; sleep 2; done"],
                "env": [{"name": "DATABASE_HOST", "value": f"{app}-db.{team}.svc.cluster.local"}],
            }]
        sidecars = r.sample([s[0] for s in SIDECARS], ncont - 1)
        containers = []
        version = ""
        for i in range(ncont):
            main = i == 0
            envn = 0
            if main:
                envn = r.randint(20, 44) if long_env else r.randint(0, 12)
            elif r.random() < 0.4:
                envn = r.randint(1, 5)
            c, v = self.container(team, app, comp if main else sidecars[i - 1], port, main, envn)
            if main:
                version = v
            containers.append(c)
        spec["containers"] = containers
        vols = [{"name": "config", "configMap": {"name": f"{app}-config"}}, {"name": "tmp", "emptyDir": {}}]
        if r.random() < 0.3:
            vols.append({"name": "tls", "secret": {"secretName": f"{app}-tls", "defaultMode": 420}})
        if r.random() < 0.05:
            vols.append({"name": "docker-sock", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}})
        spec["volumes"] = vols
        if r.random() < 0.25:
            spec["nodeSelector"] = {"kubernetes.io/os": "linux"} if r.random() < 0.6 else {"node.acme.io/pool": r.choice(["general", "memory", "spot"])}
        if r.random() < 0.15:
            spec["tolerations"] = [{"key": "dedicated", "operator": "Equal", "value": team, "effect": "NoSchedule"}]
        if r.random() < 0.3:
            spec["topologySpreadConstraints"] = [{
                "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": r.choice(["ScheduleAnyway", "DoNotSchedule"]),
                "labelSelector": {"matchLabels": {"app.kubernetes.io/name": app}}}]
        elif r.random() < 0.2:
            spec["affinity"] = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{
                "weight": 100, "podAffinityTerm": {
                    "topologyKey": "kubernetes.io/hostname",
                    "labelSelector": {"matchLabels": {"app.kubernetes.io/name": app}}}}]}}
        return spec, version

    def meta(self, name: str, ns: str, labels: dict | None, annotations: dict | None = None) -> dict:
        m: dict = {"name": name}
        if self.r.random() < 0.93:
            m["namespace"] = ns
        if labels:
            m["labels"] = labels
        if annotations:
            m["annotations"] = annotations
        return m

    # ---- documents ------------------------------------------------------------------------

    def workload(self, kind: str, team: str, app: str, comp: str, ns: str, port: int, first: bool = True) -> dict:
        r = self.r
        name = app if first and comp in ("api", "web") and r.random() < 0.5 else f"{app}-{comp}"
        ncont = r.choices([2, 3, 4], [55, 33, 12])[0]
        long_env = r.random() < 0.25
        pod, version = self.pod_spec(team, app, comp, ncont, port, long_env)
        sel = {"app.kubernetes.io/name": app, "app.kubernetes.io/component": comp}
        use_anchor = r.random() < 0.08
        labels = self.labels(app, team, comp, version)
        for k, v in sel.items():
            labels[k] = v
        ann = None
        if r.random() < 0.3:
            ann = {"reloader.stakater.com/auto": "true"} if r.random() < 0.5 else {
                "fluxcd.io/automated": "false", "acme.io/owner": f"{team}@acme.io"}
        doc: dict = {}
        if r.random() < 0.1:
            doc[Comment(f"{name}: owned by {team}; see https://wiki.acme.io/{team}/{app}")] = None
        doc["apiVersion"] = "argoproj.io/v1alpha1" if kind == "Rollout" else "apps/v1"
        doc["kind"] = kind
        doc["metadata"] = self.meta(name, ns, Anchor("labels", labels) if use_anchor else labels, ann)
        spec: dict = {}
        if r.random() < 0.85:
            replicas = r.choices([1, 2, 3, 4, 6, 10], [20, 30, 25, 10, 10, 5])[0]
            spec["replicas"] = Trailing(replicas, "managed by HPA in prod") if r.random() < 0.05 else replicas
        if kind == "StatefulSet":
            spec["serviceName"] = f"{name}-headless"
            if r.random() < 0.4:
                spec["podManagementPolicy"] = "Parallel"
        if r.random() < 0.3:
            spec["revisionHistoryLimit"] = r.choice([0, 3, 5, 10, 10])
        spec["selector"] = {"matchLabels": Flow(sel) if r.random() < 0.2 else dict(sel)}
        if kind == "Deployment":
            x = r.random()
            if x < 0.6:
                spec["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {
                    "maxUnavailable": r.choice([0, 1, "25%", "50%"]), "maxSurge": r.choice([1, "25%", "100%"])}}
            elif x < 0.7:
                spec["strategy"] = {"type": "Recreate"}
            if r.random() < 0.2:
                spec["minReadySeconds"] = r.choice([5, 10, 30])
            if r.random() < 0.1:
                spec["progressDeadlineSeconds"] = 600
        elif kind == "StatefulSet":
            if r.random() < 0.6:
                spec["updateStrategy"] = {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}} if r.random() < 0.7 else {"type": "OnDelete"}
        elif kind == "Rollout":
            spec["strategy"] = self.rollout_strategy(name)
        tmpl_labels = Alias("labels") if use_anchor else (dict(sel) | ({"version": version} if r.random() < 0.3 else {}))
        tmeta: dict = {"labels": tmpl_labels}
        if r.random() < 0.35:
            tmeta["annotations"] = {"prometheus.io/scrape": "true", "prometheus.io/port": str(port)}
            if r.random() < 0.3:
                tmeta["annotations"]["sidecar.istio.io/inject"] = "true"
        spec["template"] = {"metadata": tmeta, "spec": pod}
        if kind == "StatefulSet":
            spec["volumeClaimTemplates"] = [{
                "metadata": {"name": "data"},
                "spec": {"accessModes": FlowList(["ReadWriteOnce"]), "storageClassName": r.choice(["gp3", "standard-rwo", "premium-rwo"]),
                         "resources": {"requests": {"storage": r.choice(["1Gi", "10Gi", "50Gi", "200Gi"])}}}}]
            pod["containers"][0].setdefault("volumeMounts", []).append({"name": "data", "mountPath": "/var/lib/" + app})
        doc["spec"] = spec
        return doc

    def rollout_strategy(self, name: str) -> dict:
        r = self.r
        if r.random() < 0.7:
            steps = []
            for w in sorted(r.sample([5, 10, 20, 25, 40, 50, 60, 80], r.randint(2, 4))):
                steps.append({"setWeight": w})
                x = r.random()
                if x < 0.5:
                    steps.append({"pause": Flow({"duration": r.choice(["1m", "2m", "5m", "10m"])})})
                elif x < 0.65:
                    steps.append({"pause": {}})
                elif x < 0.85:
                    steps.append({"analysis": {"templates": [{"templateName": r.choice(["success-rate", "latency-p99", "error-budget"])}],
                                               "args": [{"name": "service-name", "value": name}]}})
            canary: dict = {"steps": steps}
            if r.random() < 0.4:
                canary["canaryService"] = f"{name}-canary"
                canary["stableService"] = name
                canary["trafficRouting"] = {"istio": {"virtualService": {"name": name, "routes": ["primary"]}}} if r.random() < 0.5 \
                    else {"nginx": {"stableIngress": name}}
            if r.random() < 0.4:
                canary["analysis"] = {"templates": [{"templateName": "success-rate"}], "startingStep": r.randint(1, 2),
                                      "args": [{"name": "service-name", "value": name}]}
            if r.random() < 0.3:
                canary["maxSurge"] = "25%"
                canary["maxUnavailable"] = r.choice([0, 1])
            return {"canary": canary}
        bg: dict = {"activeService": name, "previewService": f"{name}-preview"}
        if r.random() < 0.6:
            bg["autoPromotionEnabled"] = r.random() < 0.4
        if r.random() < 0.5:
            bg["prePromotionAnalysis"] = {"templates": [{"templateName": "smoke-test"}], "args": [{"name": "service-name", "value": f"{name}-preview"}]}
        if r.random() < 0.4:
            bg["scaleDownDelaySeconds"] = r.choice([30, 60, 300])
        return {"blueGreen": bg}

    def service(self, app: str, comp: str, ns: str, port: int, wname: str, headless: bool) -> dict:
        r = self.r
        spec: dict = {}
        if headless:
            spec["clusterIP"] = "None"
        else:
            t = r.choices(["ClusterIP", None, "LoadBalancer", "NodePort"], [50, 35, 10, 5])[0]
            if t:
                spec["type"] = t
        sel = {"app.kubernetes.io/name": app, "app.kubernetes.io/component": comp}
        if r.random() < 0.03:
            sel = {"app": app}  # drifted selector: matches nothing
        spec["selector"] = Flow(sel) if r.random() < 0.2 else sel
        ports = [{"name": "http", "port": r.choice([80, 8080, port]), "targetPort": r.choice(["http", port]), "protocol": "TCP"}]
        if r.random() < 0.3:
            ports.append({"name": "metrics", "port": 9090, "targetPort": "metrics"})
        if spec.get("type") == "NodePort" and r.random() < 0.5:
            ports[0]["nodePort"] = r.randint(30000, 32767)
        spec["ports"] = ports
        ann = None
        if spec.get("type") == "LoadBalancer":
            ann = {"service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
                   "service.beta.kubernetes.io/aws-load-balancer-internal": "true"}
        name = f"{wname}-headless" if headless else wname
        return {"apiVersion": "v1", "kind": "Service",
                "metadata": self.meta(name, ns, {"app.kubernetes.io/name": app}, ann), "spec": spec}

    def pdb(self, app: str, comp: str, ns: str, wname: str) -> dict:
        r = self.r
        spec: dict = {}
        x = r.random()
        if x < 0.45:
            spec["minAvailable"] = r.choice([1, 2, "50%"])
        elif x < 0.9:
            spec["maxUnavailable"] = r.choice([1, "25%", "33%"])
        elif x < 0.95:
            spec["maxUnavailable"] = 0
        else:
            spec["minAvailable"] = "100%"
        spec["selector"] = {"matchLabels": {"app.kubernetes.io/name": app, "app.kubernetes.io/component": comp}}
        if r.random() < 0.2:
            spec["unhealthyPodEvictionPolicy"] = "AlwaysAllow"
        return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": self.meta(wname, ns, None), "spec": spec}

    def configmap(self, app: str, ns: str, port: int) -> dict:
        r = self.r
        data: dict = {}
        for k in r.sample(["LOG_LEVEL", "FEATURE_X", "CACHE_TTL", "UPSTREAM", "REGION", "MAX_BODY_SIZE"], r.randint(1, 4)):
            data[k] = r.choice(["info", "true", "300", "https://upstream.acme.io", "eu-west-1", "10m"])
        x = r.random()
        if x < 0.4:
            data["application.yaml"] = (
                f"server:\n  port: {port}\n  shutdown: graceful\nspring:\n  lifecycle:\n"
                f"    timeout-per-shutdown-phase: 20s\nmanagement:\n  endpoints:\n    web:\n      exposure:\n"
                f"        include: health,prometheus\nlogging:\n  level:\n    root: INFO\n    com.acme.{app.replace('-', '')}: DEBUG\n"
            )
        elif x < 0.6:
            data["nginx.conf"] = (
                "worker_processes auto;\nevents { worker_connections 1024; }\nhttp {\n  server {\n"
                f"    listen 8081;\n    location / {{ proxy_pass http://127.0.0.1:{port}; }}\n"
                "    location /nginx_status { stub_status; allow 127.0.0.1; deny all; }\n  }\n}\n"
            )
        elif x < 0.7:
            data["fluent-bit.conf"] = (
                "[SERVICE]\n    Flush        5\n    Log_Level    info\n[INPUT]\n    Name tail\n"
                f"    Path /var/log/{app}/*.log\n[OUTPUT]\n    Name  forward\n    Match *\n    Host  fluentd.logging\n"
            )
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": self.meta(f"{app}-config", ns, {"app.kubernetes.io/name": app}), "data": data}

    def helmrelease(self, team: str, app: str, ns: str) -> dict:
        r = self.r
        chart, repo, ver = r.choice(HELM_CHARTS)
        name = f"{app}-{chart}"
        spec: dict = {"interval": r.choice(["5m", "10m", "30m", "1h"])}
        if r.random() < 0.3:
            spec["releaseName"] = name
        if r.random() < 0.3:
            spec["targetNamespace"] = ns
        spec["chart"] = {"spec": {"chart": chart, "version": Trailing(ver, "{\"$imagepolicy\": \"flux-system:" + chart + "\"}") if r.random() < 0.05 else ver,
                                  "sourceRef": {"kind": "HelmRepository", "name": repo, "namespace": "flux-system"},
                                  **({"interval": "12h"} if r.random() < 0.4 else {})}}
        if r.random() < 0.3:
            spec["dependsOn"] = [{"name": r.choice(["cert-manager", "ingress-nginx", "redis"]), "namespace": r.choice([ns, "infra"])}]
        if r.random() < 0.5:
            spec["install"] = {"crds": r.choice(["Create", "CreateReplace"]), "remediation": {"retries": r.choice([-1, 3, 5])}}
        x = r.random()
        if x < 0.55:
            up = {"remediation": {"retries": r.choice([0, 3, 5]), **({"remediateLastFailure": True} if r.random() < 0.4 else {})}}
            if r.random() < 0.3:
                up["cleanupOnFail"] = True
            if r.random() < 0.2:
                up["crds"] = "CreateReplace"
            spec["upgrade"] = up
        elif x < 0.7:
            spec["upgrade"] = {"cleanupOnFail": True}
        if r.random() < 0.3:
            spec["rollback"] = {"cleanupOnFail": True, "recreate": r.random() < 0.3}
        if r.random() < 0.2:
            spec["timeout"] = r.choice(["5m", "10m", "15m"])
        values: dict = {}
        use_merge = r.random() < 0.03
        if use_merge:
            values["defaults"] = Anchor("defaults", {"resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}, "nodeSelector": {"kubernetes.io/os": "linux"}})
        values["replicaCount"] = r.choice([1, 2, 3])
        values["image"] = {"repository": f"ghcr.io/acme/{app}", "tag": r.choice(["latest", f"{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}"])}
        if r.random() < 0.5:
            values["resources"] = {"requests": {"cpu": "100m", "memory": "256Mi"}, "limits": {"memory": "512Mi"}}
        if r.random() < 0.4:
            values["ingress"] = {"enabled": True, "className": "nginx", "hosts": [{"host": f"{app}.{team}.acme.io", "paths": [{"path": "/", "pathType": "Prefix"}]}]}
        if r.random() < 0.3:
            values["podDisruptionBudget"] = {"enabled": True, "minAvailable": 1}
        if r.random() < 0.3:
            values["metrics"] = {"enabled": True, "serviceMonitor": {"enabled": True, "interval": "30s"}}
        if use_merge:
            values["worker"] = {Merge("defaults"): None, "replicaCount": 2}
        spec["values"] = values
        if r.random() < 0.25:
            spec["valuesFrom"] = [{"kind": "ConfigMap", "name": f"{app}-values"}] + ([{"kind": "Secret", "name": f"{app}-secrets", "valuesKey": "values.yaml"}] if r.random() < 0.5 else [])
        return {"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
                "metadata": self.meta(name, ns if r.random() < 0.7 else "flux-system", None), "spec": spec}

    def cronjob(self, team: str, app: str, ns: str, port: int, wname: str) -> dict:
        r = self.r
        ncont = r.choices([1, 2], [75, 25])[0]
        pod, _ = self.pod_spec(team, app, "cron", ncont, port, False)
        pod["restartPolicy"] = r.choice(["OnFailure", "Never"])
        for c in pod["containers"]:
            c.pop("readinessProbe", None)
            c.pop("livenessProbe", None)
            c.pop("startupProbe", None)
        spec = {"schedule": r.choice(["*/5 * * * *", "0 * * * *", "0 3 * * *", "30 2 * * 1", "@hourly"])}
        if r.random() < 0.5:
            spec["concurrencyPolicy"] = r.choice(["Forbid", "Replace", "Allow"])
        if r.random() < 0.4:
            spec["successfulJobsHistoryLimit"] = 3
            spec["failedJobsHistoryLimit"] = 1
        if r.random() < 0.2:
            spec["timeZone"] = "Etc/UTC"
        job = {"template": {"spec": pod}}
        if r.random() < 0.5:
            job = {"backoffLimit": r.choice([0, 2, 6]), **({"activeDeadlineSeconds": 3600} if r.random() < 0.5 else {}), **job}
        spec["jobTemplate"] = {"spec": job}
        return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": self.meta(f"{wname}-cleanup", ns, {"app.kubernetes.io/name": app}), "spec": spec}

    def other(self, team: str, app: str, ns: str, port: int, wname: str) -> dict:
        r = self.r
        k = r.choices(["CronJob", "ServiceAccount", "HorizontalPodAutoscaler", "Ingress", "NetworkPolicy"], [35, 20, 20, 15, 10])[0]
        if k == "CronJob":
            return self.cronjob(team, app, ns, port, wname)
        if k == "ServiceAccount":
            ann = {"eks.amazonaws.com/role-arn": f"arn:aws:iam::123456789012:role/{team}-{app}"} if r.random() < 0.5 else None
            return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": self.meta(wname, ns, None, ann)}
        if k == "HorizontalPodAutoscaler":
            return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": self.meta(wname, ns, None), "spec": {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": wname},
                "minReplicas": r.choice([1, 2, 3]), "maxReplicas": r.choice([5, 10, 20]),
                "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": r.choice([60, 70, 80])}}}]}}
        if k == "Ingress":
            spec = {"ingressClassName": "nginx", "rules": [{"host": f"{app}.{team}.acme.io", "http": {"paths": [
                {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": wname, "port": {"name": "http"}}}}]}}]}
            if r.random() < 0.6:
                spec["tls"] = [{"hosts": [f"{app}.{team}.acme.io"], "secretName": f"{app}-tls"}]
            return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": self.meta(wname, ns, None, {
                "cert-manager.io/cluster-issuer": "letsencrypt", "nginx.ingress.kubernetes.io/proxy-body-size": "10m"}), "spec": spec}
        return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": self.meta(f"{wname}-allow-ingress", ns, None), "spec": {
            "podSelector": {"matchLabels": {"app.kubernetes.io/name": app}}, "policyTypes": ["Ingress"],
            "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}],
                         "ports": [{"port": port, "protocol": "TCP"}]}]}}

    # ---- an app directory -----------------------------------------------------------------

    def app(self, team: str, app: str) -> list[tuple[str, list[dict]]]:
        """Returns [(file name, [documents])] for one app directory."""
        r = self.r
        ns = team if r.random() < 0.7 else f"{team}-{r.choice(['prod', 'staging'])}"
        nwork = r.choices([1, 2, 3, 4], [45, 30, 17, 8])[0]
        comps = r.sample(COMPONENTS, nwork)
        groups: list[tuple[str, list[dict]]] = []
        extras_cm: list[dict] = []
        extras_hr: list[dict] = []
        extras_other: list[dict] = []
        for i, comp in enumerate(comps):
            kind = r.choices(["Deployment", "StatefulSet", "Rollout"], [60, 20, 20])[0]
            port = r.choice([8080, 8000, 3000, 9000, 5000, 8443])
            w = self.workload(kind, team, app, comp, ns, port, i == 0)
            wname = w["metadata"]["name"]
            docs = [w]
            # Per workload, in expectation: 0.625 Service, 0.1875 PDB, 0.1875 ConfigMap,
            # 0.25 HelmRelease, 0.25 other => 40/25/7.5/7.5/10/10 %.
            if r.random() < 0.625:
                docs.append(self.service(app, comp, ns, port, wname, kind == "StatefulSet" and r.random() < 0.5))
            if r.random() < 0.1875:
                docs.append(self.pdb(app, comp, ns, wname))
            if r.random() < 0.1875:
                extras_cm.append(self.configmap(app if len(extras_cm) == 0 else f"{app}-{comp}", ns, port))
            if r.random() < 0.25:
                hr = self.helmrelease(team, app, ns)
                if any(h["metadata"]["name"] == hr["metadata"]["name"] for h in extras_hr):
                    hr["metadata"]["name"] += f"-{comp}"
                extras_hr.append(hr)
            if r.random() < 0.25:
                extras_other.append(self.other(team, app, ns, port, wname))
            fname = r.choice([f"{comp}.yaml", f"{wname}.yaml", f"{kind.lower()}-{comp}.yaml", f"{comp}.yml"])
            groups.append((fname, docs))
        # Layout: everything in one file, or one file per workload plus extras files.
        if r.random() < 0.3:
            alld = [d for _, ds in groups for d in ds] + extras_cm + extras_other + extras_hr
            files = [(f"{app}.yaml", alld)]
        else:
            files = groups
            if extras_cm:
                files.append(("configmap.yaml", extras_cm))
            if extras_hr:
                files.append(("helmrelease.yaml", extras_hr))
            if extras_other:
                files.append((r.choice(["extras.yaml", "misc.yaml", "cronjobs-and-friends.yaml"]), extras_other))
        # de-duplicate file names
        seen: Counter = Counter()
        out = []
        for fn, ds in files:
            seen[fn] += 1
            if seen[fn] > 1:
                base, ext = os.path.splitext(fn)
                fn = f"{base}-{seen[fn]}{ext}"
            out.append((fn, ds))
        return out

    def render_file(self, team: str, docs: list[dict]) -> str:
        r = self.r
        seq_indent = 2 if r.random() < 0.7 else 0  # "- " indented under the key, or flush
        parts = []
        head = ""
        x = r.random()
        if x < 0.15:
            head = "# yaml-language-server: $schema=https://kubernetesjsonschema.dev/v1.29.0-standalone-strict/all.json\n"
        elif x < 0.35:
            head = f"# Managed by the {team} team. Changes go through #{team}-deploys.\n# Do not edit the replicas by hand: see the HPA.\n"
        lead = "---\n" if r.random() < 0.3 else ""
        for i, d in enumerate(docs):
            text = dump_doc(d, seq_indent)
            parts.append(text)
        sep = "---\n"
        body = sep.join(parts)
        if r.random() < 0.05:
            body += "---\n"  # trailing empty document marker
        return head + lead + body


def one_file() -> str:
    """A fixed, realistic single file: Deployment + Service + PDB (the pre-commit case)."""
    g = Gen(random.Random(20240611))
    team, app, ns, port = "checkout", "cart-api", "checkout", 8080
    while True:
        w = g.workload("Deployment", team, app, "api", ns, port)
        if len(w["spec"]["template"]["spec"]["containers"]) >= 2 and "env" in w["spec"]["template"]["spec"]["containers"][0]:
            break
    wname = w["metadata"]["name"]
    docs = [w, g.service(app, "api", ns, port, wname, False), g.pdb(app, "api", ns, wname)]
    return "# cart-api: the checkout team's cart service.\n" + "---\n".join(dump_doc(d, 2) for d in docs)


def generate(n: int, outdir: str, seed: int) -> tuple[int, int, Counter, int, int]:
    r = random.Random(seed)
    g = Gen(r)
    kinds: Counter = Counter()
    ndocs = nbytes = nfiles = ndirs = 0
    used: set[str] = set()
    appdir = os.path.join(outdir, "apps")
    while ndocs < n:
        team = r.choice(TEAMS)
        base = f"{r.choice(ADJ)}-{r.choice(NOUN)}"
        app = base
        i = 2
        while f"{team}/{app}" in used:
            app = f"{base}-{i}"
            i += 1
        used.add(f"{team}/{app}")
        d = os.path.join(appdir, team, app)
        os.makedirs(d, exist_ok=True)
        ndirs += 1
        for fn, docs in g.app(team, app):
            text = g.render_file(team, docs)
            data = text.encode()
            with open(os.path.join(d, fn), "wb") as f:
                f.write(data)
            nfiles += 1
            nbytes += len(data)
            ndocs += len(docs)
            for doc in docs:
                kinds[doc["kind"]] += 1
    one = os.path.join(outdir, "one-file")
    os.makedirs(one, exist_ok=True)
    data = one_file().encode()
    with open(os.path.join(one, "app.yaml"), "wb") as f:
        f.write(data)
    return ndocs, nbytes, kinds, nfiles, ndirs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="about how many documents to write")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quiet", action="store_true", help="print only the summary line")
    a = ap.parse_args()
    if a.n < 1:
        ap.error("N must be positive")
    if os.path.isdir(os.path.join(a.outdir, "apps")) and os.listdir(os.path.join(a.outdir, "apps")):
        ap.error(f"{a.outdir}/apps is not empty")
    ndocs, nbytes, kinds, nfiles, ndirs = generate(a.n, a.outdir, a.seed)
    print(f"{ndocs} documents, {nbytes} bytes, {nfiles} files, {ndirs} app directories in {a.outdir}/apps "
          f"(+ one-file/app.yaml: 3 documents)")
    if not a.quiet:
        for k, c in kinds.most_common():
            print(f"  {k:26} {c:7}  {100 * c / ndocs:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
