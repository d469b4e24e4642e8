{{ range $i, $e := .Values.nums }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ if eq $i 3 }}{{ break }}{{ end }}{{ $e }} {{ end }}
{{ range .Values.list }}{{ range $.Values.nums }}{{ break }}{{ end }}{{ . }}{{ end }}
