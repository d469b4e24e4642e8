{{ with $x := .Values.name }}{{ $x }}/{{ . }}{{ end }}
