add: {{ add 1 2 3 }} {{ add 1.9 "2" }} {{ add1 5 }} {{ add1 "41" }} {{ sub 10 3.7 }} {{ mul 2 3 4 }} {{ div 10 3 }} {{ mod 10 3 }} {{ add "0x10" 1 }} {{ add "010" 0 }} {{ add "3.0" 1 }} {{ add "abc" 1 }} {{ add true 1 }}
types: {{ typeOf (add 1 2) }} {{ typeOf (add1 1) }} {{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf .Values.replicas }}
max: {{ max 1 5 3 }} {{ min 4 2 8 }} {{ biggest 1 9 }} {{ maxf 1 2.5 }} {{ minf 1.5 -2 }}
float: {{ addf 1.1 2.2 }} {{ add1f 1.5 }} {{ subf 5 1.1 }} {{ mulf 1.1 3 }} {{ divf 10 4 }} {{ addf 0.1 0.2 }}
round: {{ floor 1.7 }} {{ ceil 1.2 }} {{ round 3.14159 2 }} {{ round 2.5 0 }} {{ round 1.55 1 }} {{ round 1.234 2 0.3 }}
conv: {{ int 3.9 }} {{ int "42" }} {{ int64 "7" }} {{ float64 "1.5" }} {{ atoi "12" }} {{ atoi "x" }} {{ int .Values.ratio }} {{ float64 3 }} {{ typeOf (int 1.5) }} {{ typeOf (float64 1) }}
decimal: {{ toDecimal "0777" }} {{ toDecimal 10 }} {{ toDecimal "8" }}
values: {{ .Values.replicas }} {{ .Values.big }} {{ .Values.huge }} {{ .Values.tiny }} {{ .Values.ratio }} {{ .Values.precise }} {{ .Values.float_whole }} {{ .Values.negative }}
until: {{ until 5 | toJson }} {{ until -3 | toJson }} {{ untilStep 0 10 3 | toJson }} {{ untilStep 10 0 -4 | toJson }} {{ untilStep 0 5 0 | toJson }}
seq: [{{ seq 5 }}] [{{ seq 2 5 }}] [{{ seq 0 2 10 }}] [{{ seq 5 2 }}] [{{ seq 10 -3 1 }}] [{{ seq 0 }}]
