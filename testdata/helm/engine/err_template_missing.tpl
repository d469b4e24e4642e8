{{ template "zz" . }}
