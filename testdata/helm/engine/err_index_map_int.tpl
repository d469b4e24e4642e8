{{ index .Values.map 1 }}
