{{ range .Values.list }}[{{ . }}]{{ end }}
{{ range $e := .Values.nums }}{{ $e }} {{ end }}
