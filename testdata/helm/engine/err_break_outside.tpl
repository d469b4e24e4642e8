{{ break }}
