{{ foo 1 }}
