{{ print "a" "b" }}|{{ print 1 2 }}|{{ print "a" 1 2 "b" }}|{{ print 1 "a" 2 }}|{{ println 1 "a" }}|{{ print .Values.num .Values.flt }}|{{ print true false }}
