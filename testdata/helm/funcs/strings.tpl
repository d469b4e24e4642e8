trim: [{{ trim "  hi there \n" }}] [{{ trimAll "-x" "x-hi-x-" }}] [{{ trimall "$" "$5.00$" }}] [{{ trimPrefix "ab" "abcab" }}] [{{ trimSuffix "ab" "abcab" }}]
case: {{ upper "hello é" }} {{ lower "HeLLo" }} {{ title "hello wide-world foo_bar" }} {{ untitle "Hello World" }}
repeat: {{ repeat 3 "ab" }} [{{ repeat 0 "x" }}]
substr: {{ substr 1 3 "hello" }} {{ substr -1 3 "hello" }} {{ substr 2 -1 "hello" }} {{ substr 2 99 "hello" }}
nospace: {{ nospace " a b\tc\nd " }}
trunc: {{ trunc 3 "hello" }} {{ trunc -3 "hello" }} {{ trunc 99 "hello" }} {{ trunc -99 "hello" }} [{{ trunc 0 "hello" }}]
abbrev: {{ abbrev 5 "hello world" }} {{ abbrev 3 "hello world" }} {{ abbrev 20 "hello" }} {{ abbrevboth 5 10 "1234 5678 9123" }}
initials: {{ initials "first try  at Helm" }}
wrap: {{ wrap 5 "Hello World from template" | quote }} {{ wrapWith 5 "\t" "Hello World" | quote }}
contains: {{ contains "cat" "catch" }} {{ hasPrefix "ca" "cat" }} {{ hasSuffix "at" "cat" }} {{ contains "dog" "cat" }}
quote: {{ quote "a\"b" }} {{ quote 1 2.5 true }} {{ squote "x" 3 }} {{ quote nil "y" }} {{ quote "tab\there" "é☃" }} {{ quote .Values.replicas }}
cat: {{ cat "a" 1 nil 2.5 true (list 1 2) }}
indent: {{ indent 2 "a\nb\n" | quote }} {{ nindent 4 "x\ny" | quote }}
replace: {{ replace " " "-" "a b c" }} {{ replace "" "-" "ab" }}
plural: {{ plural "one" "many" 1 }} {{ plural "one" "many" 2 }} {{ plural "one" "many" 0 }}
case2: {{ snakecase "FirstName" }} {{ snakecase "HTTPServer" }} {{ snakecase "some-kebab case" }} {{ camelcase "http_server" }} {{ camelcase "foo-bar baz" }} {{ kebabcase "FirstName" }} {{ kebabcase "myHTTPServer2X" }} {{ swapcase "Hello World" }}
split: {{ split "$" "foo$bar$baz" | toJson }} {{ splitList "," "a,b,,c" | toJson }} {{ splitn "$" 2 "foo$bar$baz" | toJson }} {{ splitList "" "abc" | toJson }}
join: {{ join "-" (list "a" 1 nil 2.5) }} {{ join "," "single" }}
sortAlpha: {{ sortAlpha (list "b" "a" "C" 3 1) | toJson }}
toString: {{ toString 1.5 }} {{ toString 1000000.0 }} {{ toString nil }} {{ toString (list 1 "a") }} {{ toString (dict "k" 1) }} {{ toString true }} {{ toString .Values.big }}
toStrings: {{ toStrings (list 1 "a" nil 2.5) | toJson }}
b64: {{ b64enc "hello world" }} {{ b64dec "aGVsbG8gd29ybGQ=" }} {{ b64dec "!!" }} {{ b32enc "hello" }} {{ b32dec "NBSWY3DP" }}
hash: {{ sha1sum "abc" }} {{ sha256sum "abc" }} {{ adler32sum "abc" }}
sha512: {{ sha512sum "abc" }}
