"""The site glue that spans builds: the build cache, the site's folder
kept in place between builds and the live preview."""
