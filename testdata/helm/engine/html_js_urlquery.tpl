{{ html "<a href='x'>&\"" }} {{ js "it's <b> = \"x\"\n" }} {{ urlquery "a b&c=d/é" }} {{ html 1 2 }} {{ html .Values.missing }}
