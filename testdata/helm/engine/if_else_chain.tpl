{{ if .Values.missing }}a{{ else if .Values.empty }}b{{ else if .Values.name }}c{{ else }}d{{ end }}
{{ if 0 }}x{{ else }}y{{ end }}{{ if "" }}x{{ end }}{{ if .Values.emptyMap }}x{{ else }}z{{ end }}
