{{ $count := 0 }}{{ range .Values.list }}{{ $count = 1 }}{{ $inner := 2 }}{{ end }}{{ $count }}
