"""Stand-in package for CTFd: its models module (the corpus file) and what it imports at module level."""
