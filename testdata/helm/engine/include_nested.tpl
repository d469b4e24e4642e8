{{ define "inc.b" }}<{{ include "inc.c" . }}>{{ end }}{{ define "inc.c" }}c={{ . }}{{ end }}{{ include "inc.b" 5 }} {{ include "inc.b" .Values.name | print }} {{ template "inc.b" .Values.num }}
