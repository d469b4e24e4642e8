{{ if .Values.flag }}{{ range .Values.list }}{{ with . }}{{ if eq . "b" }}B{{ else if eq . "a" }}A{{ else }}?{{ end }}{{ end }}{{ end }}{{ end }}
