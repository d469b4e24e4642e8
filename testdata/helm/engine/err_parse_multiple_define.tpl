{{ define "md" }}a{{ end }}{{ define "md" }}b{{ end }}
