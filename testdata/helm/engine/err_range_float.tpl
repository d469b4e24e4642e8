{{ range .Values.num }}{{ . }}{{ end }}
