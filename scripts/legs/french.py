"""French typography and numbers, in one place for the site, the PDFs and the commands.

`french` puts no-break spaces where French typesetting puts them, and the typographic
apostrophe (’) between two letters, in text between tags only: never inside tags (attributes,
addresses), code, preformatted text, form fields or scripts. It only changes how text is shown:
sources are never rewritten, and the search treats both apostrophes alike. `number` writes a figure as French readers
expect it: a decimal comma, a narrow no-break space between thousands (83,3 ; 1 234).
"""

from __future__ import annotations

import re

NNBSP = "\u202f"  # narrow no-break space, before ; : ! ? and inside « »
NBSP = "\u00a0"
_SKIP = re.compile(r"(<(pre|code|kbd|samp|script|style|textarea)\b.*?</\2\s*>|<[^>]+>)", re.S | re.I)
# A straight apostrophe between two letters, written as such or as an HTML entity (Jinja escapes it).
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])(?:'|&#39;|&#x27;|&apos;)(?=[^\W\d_])", re.I)


def _text(text: str) -> str:
    text = _APOSTROPHE.sub("\u2019", text)
    text = re.sub(r"[ \u00a0]+([;:!?»])", NNBSP + r"\1", text)
    text = re.sub(r"(?<=\w)([!?])(?=\s|$)", NNBSP + r"\1", text)
    text = re.sub(r"«[ \u00a0]*", "«" + NNBSP, text)
    text = re.sub(r"(\d) (?=(%|€|euros?|jours?|mois|ans|heures?|h\b|km|m\b|Ko|Mo|°))", r"\1" + NBSP, text)
    return text


def french(html: str) -> str:
    parts = _SKIP.split(html)
    # split() yields text, the skipped markup, then the name captured inside it: 3 parts a round.
    return "".join(_text(part) if index % 3 == 0 else part if index % 3 == 1 else ""
                   for index, part in enumerate(parts))


def number(value: float, digits: int = 1, unit: str = "") -> str:
    """« 83,3 % », « 1 234 », « 0,03 s »: trailing zeros of the decimals dropped, a no-break space before the unit."""
    text = f"{value:,.{digits}f}".replace(",", NNBSP).replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    if text in ("-0", ""):
        text = "0"
    return text + (NBSP + unit if unit else "")
