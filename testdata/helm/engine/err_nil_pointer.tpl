x
  {{ .Values.missing.y }}
