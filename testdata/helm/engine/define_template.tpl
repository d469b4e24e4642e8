{{ define "dt.t1" }}[{{ . }}]{{ end }}{{ template "dt.t1" .Values.name }}{{ template "dt.t1" }}
{{- define "dt.e" }}full{{ end }}{{ define "dt.e" }} {{ end }}
{{ template "dt.e" }}
