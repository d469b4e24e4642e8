{{ define "inc.a" }}hello {{ .name }}{{ end }}{{ include "inc.a" .Values }}|{{ include "inc.a" .Values.missing }}|{{ .Values | include "inc.a" }}
