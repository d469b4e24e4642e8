{{ (.Values.nested).a.b }} {{ (index .Values.nested "a").b }} {{ $n := .Values.nested }}{{ $n.a.b }} {{ (print "a" "b") }}
