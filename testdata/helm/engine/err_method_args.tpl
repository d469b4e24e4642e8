{{ .Values.map.a 1 }}
