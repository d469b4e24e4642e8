{{ include "nope" . }}
