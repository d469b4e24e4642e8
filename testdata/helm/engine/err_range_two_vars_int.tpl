{{ range $i, $e := 3 }}{{ end }}
