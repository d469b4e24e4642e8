#!/usr/bin/env python3
"""Generates a Helm chart with N templates for the render benchmark (bench/helm.sh).

usage: gen_helm.py OUT_DIR [--templates 500]

Each template renders a Deployment and a Service for one component, the way real charts do:
`include` of named templates from _helpers.tpl, `toYaml | nindent` of values blocks, `if`, `with`,
`range` over ports and env, `default`, `quote`, `printf`. values.yaml has one entry per component.
"""
import argparse
import os

HELPERS = """{{/* Generated helpers. */}}
{{- define "bench.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "bench.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "bench.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}
"""

TEMPLATE = """{{- $c := index .Values.components "c%(i)d" -}}
{{- $ctx := dict "name" "c%(i)d" "root" $ -}}
{{- if $c.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "bench.fullname" . }}-c%(i)d
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
spec:
  replicas: {{ $c.replicas | default 1 }}
  revisionHistoryLimit: {{ $c.revisionHistoryLimit | default 10 }}
  selector:
    matchLabels:
      {{- include "bench.selector" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "bench.selector" $ctx | nindent 8 }}
      {{- with $c.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      containers:
        - name: app
          image: {{ printf "%%s:%%s" $c.image.repository ($c.image.tag | default $.Chart.AppVersion) | quote }}
          {{- if $c.env }}
          env:
            {{- range $k, $v := $c.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          {{- end }}
          ports:
            {{- range $c.ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
            {{- end }}
          securityContext:
            {{- toYaml $c.securityContext | nindent 12 }}
          resources:
            {{- toYaml $c.resources | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /ready
              port: {{ (first $c.ports).name }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "bench.fullname" . }}-c%(i)d
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
spec:
  selector:
    {{- include "bench.selector" $ctx | nindent 4 }}
  ports:
    {{- range $c.ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .name }}
    {{- end }}
{{- end }}
"""

COMPONENT = """  c%(i)d:
    enabled: true
    replicas: %(replicas)d
    image:
      repository: ghcr.io/example/c%(i)d
      tag: "1.%(i)d.0"
    podAnnotations:
      prometheus.io/scrape: "true"
    env:
      LOG_LEVEL: info
      COMPONENT: c%(i)d
    ports:
      - name: http
        port: 8080
      - name: metrics
        port: 9090
    securityContext:
      runAsNonRoot: true
      allowPrivilegeEscalation: false
    resources:
      limits:
        cpu: 500m
        memory: 256Mi
      requests:
        cpu: 100m
        memory: 128Mi
"""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--templates", type=int, default=500)
    a = p.parse_args()
    os.makedirs(os.path.join(a.out, "templates"), exist_ok=True)
    with open(os.path.join(a.out, "Chart.yaml"), "w") as f:
        f.write("apiVersion: v2\nname: bench\nversion: 0.1.0\nappVersion: \"1.0.0\"\n")
    with open(os.path.join(a.out, "templates", "_helpers.tpl"), "w") as f:
        f.write(HELPERS)
    with open(os.path.join(a.out, "values.yaml"), "w") as f:
        f.write("components:\n")
        for i in range(a.templates):
            f.write(COMPONENT % {"i": i, "replicas": 1 + i % 3})
    for i in range(a.templates):
        with open(os.path.join(a.out, "templates", "c%d.yaml" % i), "w") as f:
            f.write(TEMPLATE % {"i": i})


if __name__ == "__main__":
    main()
