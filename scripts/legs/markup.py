"""Escaping untrusted strings before they go into generated Markdown."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def md(text: object) -> str:
    """Plain text that Markdown shows as is: no HTML, no emphasis, no links, no attributes."""
    value = html.escape(str(text), quote=True)
    return _MD_SPECIAL.sub(r"\\\1", value).replace("\n", " ")


def safe_title(text: str) -> str:
    """A page title that templates may print without escaping it."""
    return text.replace("<", "‹").replace(">", "›").replace("&", "et").strip()
