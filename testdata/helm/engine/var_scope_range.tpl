{{ $v := "out" }}{{ range $i, $e := .Values.list }}{{ $v = $e }}{{ $i }}={{ $e }};{{ end }}{{ $v }}
