{{ block "bd.b1" .Values.name }}default {{ . }}{{ end }}
