"""The site glue: the MkDocs plugin (`plugin`) and what it drives, the Markdown conversion
on every core (`prerender`), contributed text rendered safely (`untrusted`), the build
cache, the site's folder kept in place between builds and the live preview."""
