"""French typography for print: no-break spaces where French typesetting puts them.

Applied to text between tags only, never inside tags, code or preformatted text.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"  # narrow no-break space, before ; : ! ? and inside « »
NBSP = "\u00a0"
_SKIP = re.compile(r"(<(?:pre|code|script|style)\b.*?</(?:pre|code|script|style)>|<[^>]+>)", re.S | re.I)


def _text(text: str) -> str:
    text = re.sub(r"[ \u00a0]+([;:!?»])", NNBSP + r"\1", text)
    text = re.sub(r"(?<=\w)([!?])(?=\s|$)", NNBSP + r"\1", text)
    text = re.sub(r"«[ \u00a0]*", "«" + NNBSP, text)
    text = re.sub(r"(\d) (?=(%|€|euros?|jours?|mois|ans|heures?|h\b|km|m\b|Ko|Mo|°))", r"\1" + NBSP, text)
    return text


def french(html: str) -> str:
    parts = _SKIP.split(html)
    return "".join(part if index % 2 else _text(part) for index, part in enumerate(parts))
