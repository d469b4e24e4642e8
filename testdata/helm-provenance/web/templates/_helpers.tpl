{{/* The chart's full name. */}}
{{- define "web.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "web.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The container's probes. */}}
{{- define "web.probes" -}}
readinessProbe:
  httpGet:
    path: /ready
    port: http
livenessProbe:
  httpGet:
    path: /healthz
    port: http
{{- end }}
