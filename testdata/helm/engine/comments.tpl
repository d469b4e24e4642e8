a{{/* c */}}b {{- /* trimmed */ -}} c
{{/* multi
line */}}d
{{- /* left */}}
e
