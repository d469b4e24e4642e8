{{ .Values.name 
