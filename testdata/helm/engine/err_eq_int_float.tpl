{{ eq .Values.num 3 }}
