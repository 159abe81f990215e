"""The engine that runs the build: MkDocs, or ProperDocs, its maintained fork (issue 15).

ProperDocs redirects every `mkdocs.*` import to `properdocs.*`, so the kit imports from
`mkdocs` under both and needs no other switch. What the redirection cannot cover is a
logger name: ProperDocs counts the warnings of a strict build on its own `properdocs`
logger, and pages log there, not on `mkdocs`.
"""

from __future__ import annotations

import mkdocs

# "mkdocs" or "properdocs": under ProperDocs, the module imported as `mkdocs` is `properdocs`.
NAME: str = mkdocs.__name__
