{{ printf "%s|%d|%5.2f|%-5s|%05d|%x|%X|%o|%b|%c|%q|%t|%e|%g|%%|%T|%T|%v|%+d" "s" 42 3.14159 "ab" 42 255 255 8 5 65 "q" true 1234.5678 0.000012 1.5 .Values.num 7 }}
{{ printf "%6.3f|%-8.2e|%x|%8s|%.2s|%v|%v|%03d|%+.1f" 2.5 12345.678 "hi" "r" "abc" .Values.list .Values.map -5 .Values.flt }}
