{{ with .Values.name }}name={{ . }}{{ end }} {{ with .Values.missing }}x{{ else }}none{{ end }} {{ with .Values.missing }}a{{ else with .Values.name }}b={{ . }}{{ else }}c{{ end }}
