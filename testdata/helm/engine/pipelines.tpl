{{ .Values.name | printf "%s-%s" "x" }} {{ 3 | printf "%d" }} {{ .Values.list | len }} {{ "a" | eq "a" }}
