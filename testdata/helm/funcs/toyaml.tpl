{{ toYaml .Values }}
---
resources:
  {{- toYaml .Values.resources | nindent 2 }}
tolerations:
{{ toYaml .Values.tolerations | indent 2 }}
strings: {{ toYaml .Values.strings.long }}
script:
  {{- toYaml .Values.strings.script | nindent 2 }}
list: {{ toYaml (list 1 "a" 2.5 nil true (dict)) | nindent 2 }}
ints: {{ toYaml (list 1 (int64 2) (add 1 2) (float64 3) 1.0 100000.5 12345678.5 1e20 15000000000000000000.0 -0.0) | nindent 2 }}
scalar: {{ toYaml "plain" }} {{ toYaml "true" }} {{ toYaml "" }} {{ toYaml nil }} {{ toYaml 3 }}
top_multiline: {{ toYaml "a\nb\n\n" | quote }}
top_list_of_maps: {{ toYaml (list (dict "a" 1 "b" (list "x" "y")) (list 1 2)) | quote }}
empty: {{ toYaml (dict) }} {{ toYaml (list) }}
mustToYaml: {{ mustToYaml (dict "k" "v") }}
fromYaml: {{ fromYaml "a: 1\nb: [x, y]\nc: {d: true}" | toJson }}
fromYamlArray: {{ fromYamlArray "- 1\n- two\n- 3.5" | toJson }}
fromYamlErr: {{ fromYaml "a: [" | toJson }}
fromYamlScalar: {{ (fromYaml "a: yes\nb: 0755\nc: ~\nd: 1e3").a }} {{ (fromYaml "b: 0755").b }}
roundtrip: {{ .Values.strings.specials | toYaml | fromYamlArray | toJson }}
