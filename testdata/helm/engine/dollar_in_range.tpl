{{ range .Values.list }}{{ $.Release.Name }}-{{ . }} {{ end }}
{{ range $.Values.list }}{{ $.Values.name }}{{ end }}
