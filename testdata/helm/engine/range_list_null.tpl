{{ range .Values.listWithNull }}[{{ . }}]{{ end }}
