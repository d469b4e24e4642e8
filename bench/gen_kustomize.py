#!/usr/bin/env python3
"""Generates a Kustomize tree for the build benchmark: B bases (a Deployment, a Service, a
ConfigMap generator each) and O overlays spread over them, each with a namespace, a name prefix,
labels, an image retag, a strategic-merge patch file and an inline JSON 6902 patch.

usage: gen_kustomize.py OUT [--bases 50] [--overlays 200]
Writes OUT/bases/bN, OUT/overlays/oN and OUT/roots.txt (one overlay path per line)."""
import argparse
import os


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--bases", type=int, default=50)
    ap.add_argument("--overlays", type=int, default=200)
    a = ap.parse_args()
    for b in range(a.bases):
        d = f"{a.out}/bases/b{b}"
        write(f"{d}/kustomization.yaml", f"""resources:
- deployment.yaml
- service.yaml
configMapGenerator:
- name: app{b}-config
  literals:
  - LOG_LEVEL=info
  - BASE=b{b}
""")
        write(f"{d}/deployment.yaml", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app{b}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app{b}
  template:
    metadata:
      labels:
        app: app{b}
    spec:
      containers:
      - name: app
        image: registry.example.com/app{b}:1.0.{b}
        envFrom:
        - configMapRef:
            name: app{b}-config
        ports:
        - containerPort: 8080
        readinessProbe:
          httpGet: {{path: /ready, port: 8080}}
        resources:
          requests: {{cpu: 50m, memory: 64Mi}}
""")
        write(f"{d}/service.yaml", f"""apiVersion: v1
kind: Service
metadata:
  name: app{b}
spec:
  selector:
    app: app{b}
  ports:
  - port: 80
    targetPort: 8080
""")
    roots = []
    for o in range(a.overlays):
        b = o % a.bases
        d = f"{a.out}/overlays/o{o}"
        roots.append(d)
        write(f"{d}/kustomization.yaml", f"""namespace: team{o % 17}
namePrefix: o{o}-
labels:
- pairs:
    overlay: o{o}
  includeSelectors: false
resources:
- ../../bases/b{b}
images:
- name: registry.example.com/app{b}
  newTag: "2.{o}"
patches:
- path: resources.yaml
- target:
    kind: Deployment
  patch: |-
    - op: replace
      path: /spec/replicas
      value: {2 + o % 3}
""")
        write(f"{d}/resources.yaml", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app{b}
spec:
  template:
    spec:
      containers:
      - name: app
        resources:
          limits:
            memory: {128 + o}Mi
""")
    write(f"{a.out}/roots.txt", "\n".join(roots) + "\n")


if __name__ == "__main__":
    main()
