{{- $l := list 1 "b" 3 "b" nil "" 0 }}
list: {{ $l | toJson }} {{ tuple 1 2 | toJson }}
first: {{ first $l }} {{ last $l | toJson }} {{ rest $l | toJson }} {{ initial $l | toJson }} {{ first list | toJson }} {{ rest list | toJson }}
append: {{ append $l 4 | toJson }} {{ prepend $l 0 | toJson }} {{ concat (list 1) (list 2 3) list | toJson }}
reverse: {{ reverse (list 1 2 3) | toJson }} {{ uniq $l | toJson }} {{ compact $l | toJson }} {{ without $l "b" 1 | toJson }}
has: {{ has "b" $l }} {{ has 5 $l }} {{ has 1 nil }} {{ mustHas 3 $l }}
chunk: {{ chunk 2 (list 1 2 3 4 5) | toJson }}
{{- $d := dict "a" 1 "b" (dict "c" 2) "z" "last" }}
dict: {{ $d | toJson }} {{ dict "k" | toJson }} {{ dict 1 2 | toJson }}
get: {{ get $d "a" }} [{{ get $d "missing" }}] {{ hasKey $d "b" }} {{ hasKey $d "q" }}
{{- $_ := set $d "new" "value" }}
set: {{ $d | toJson }}
{{- $_ := unset $d "z" }}
unset: {{ $d | toJson }}
pluck: {{ pluck "a" $d (dict "a" 5) (dict "b" 1) | toJson }}
keys: {{ keys $d | sortAlpha | toJson }} {{ keys (dict "x" 1) (dict "y" 2) | sortAlpha | toJson }}
values: {{ values (dict "x" 1) | toJson }}
pick: {{ pick $d "a" "new" "nope" | toJson }} {{ omit $d "a" | toJson }}
{{- $dst := dict "a" 1 "n" (dict "x" 1 "e" "") "e" "" "f" false }}
{{- $src := dict "a" 2 "b" 3 "n" (dict "x" 2 "y" 3 "e" "filled") "e" "src" "f" true }}
merge: {{ merge $dst $src | toJson }} {{ $dst | toJson }}
{{- $dst2 := dict "a" 1 "n" (dict "x" 1) "keep" "k" "t" true }}
mergeOverwrite: {{ mergeOverwrite $dst2 (dict "a" 2 "n" (dict "y" 3) "keep" "" "t" false "nil" nil) | toJson }}
mergeMany: {{ merge (dict) (dict "a" 1) (dict "a" 2 "b" 2) | toJson }}
deepCopy: {{ $c := deepCopy $d }}{{ $_ := set $c "copied" true }}{{ $d | toJson }} {{ $c | toJson }}
dig: {{ dig "deep" "deeper" "deepest" "def" .Values.nested }} {{ dig "nope" "x" "def" .Values.nested }} {{ dig "a" "x" (dict "a" (dict "x" 1)) | toJson }}
getValues: {{ get .Values.image "tag" }} {{ .Values.image | toJson }}
