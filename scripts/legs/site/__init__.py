"""The site glue: the MkDocs plugin (`plugin`) and what it drives, the Markdown conversion on
every core (`prerender`), contributed text rendered safely (`untrusted`), the parts many pages
share (`shared`), the live preview (`preview`) and MkDocs' messages in French (`messages`)."""
