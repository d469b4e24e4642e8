{{ range .Values.empty }}x{{ else }}empty{{ end }} {{ range .Values.missing }}x{{ else }}missing{{ end }} {{ range .Values.emptyMap }}x{{ else }}emptymap{{ end }}
