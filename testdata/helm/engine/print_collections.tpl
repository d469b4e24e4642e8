{{ .Values.list }} {{ .Values.map }} {{ .Values.nested }} {{ .Values.empty }} {{ .Values.emptyMap }} {{ .Values.flag }} {{ .Values.nums }}
