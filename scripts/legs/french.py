"""French typography and numbers, in one place for the site, the PDFs and the commands.

`french` puts no-break spaces where French typesetting puts them, in text between tags only,
never inside tags, code or preformatted text. `number` writes a figure as French readers
expect it: a decimal comma, a narrow no-break space between thousands (83,3 ; 1 234).
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


def number(value: float, digits: int = 1, unit: str = "") -> str:
    """« 83,3 % », « 1 234 », « 0,03 s »: trailing zeros of the decimals dropped, a no-break space before the unit."""
    text = f"{value:,.{digits}f}".replace(",", NNBSP).replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    if text in ("-0", ""):
        text = "0"
    return text + (NBSP + unit if unit else "")
