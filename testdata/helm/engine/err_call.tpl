{{ call .Values.name }}
