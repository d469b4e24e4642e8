{{ .Values.name }
