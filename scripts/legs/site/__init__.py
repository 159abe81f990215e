"""The site glue that spans builds: the build cache and the live preview."""
