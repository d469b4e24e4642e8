{{ index .Values.list 5 }}
