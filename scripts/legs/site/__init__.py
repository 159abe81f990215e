"""What the build keeps from one run to the next (the site glue's cache)."""
