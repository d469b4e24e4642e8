apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
  namespace: {{ .Release.Namespace }}
data:
  {{- range $k, $v := .Values.map }}
  {{ $k }}: {{ printf "%q" (print $v) }}
  {{- end }}
  {{- if .Values.flag }}
  flag: "on"
  {{- end }}
