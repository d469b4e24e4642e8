{{ define "rec" }}{{ include "rec" . }}{{ end }}{{ include "rec" . }}
