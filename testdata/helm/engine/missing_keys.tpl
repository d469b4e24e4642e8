{{ .Values.missing }}|{{ .missing }}|{{ $x := .Values.missing }}{{ $x.y }}|{{ (.Values.missing).y }}|{{ .Release.Name }}
