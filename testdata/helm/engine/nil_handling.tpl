a{{ .Values.missing }}b {{ .Values.nullval }} {{ print nil }} {{ print .Values.missing }} {{ printf "%v" .Values.nullval }} {{ .Values.listWithNull }}
