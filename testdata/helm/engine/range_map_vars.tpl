{{ range $k, $v := .Values.nested }}{{ $k }}:{{ $v }}{{ end }}
