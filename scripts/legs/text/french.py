"""French typography, numbers and dates, in one place for the site, the PDFs and the commands.

`french` puts no-break spaces where French typesetting puts them, and the typographic
apostrophe (’) between two letters, in text between tags only: never inside tags (attributes,
addresses), code, preformatted text, form fields or scripts. It only changes how text is shown:
sources are never rewritten, and the search treats both apostrophes alike. `number` writes a figure as French readers
expect it: a decimal comma, a narrow no-break space between thousands (83,3 ; 1 234);
`french_date` writes a date in full (1er mars 2026).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

NNBSP = "\u202f"  # narrow no-break space, before ; : ! ? and inside « »
NBSP = "\u00a0"
# Elements whose text is code or data, never changed.
_KEPT = re.compile(r"(<(pre|code|kbd|samp|script|style|textarea)\b.*?</\2\s*>)", re.S | re.I)
# A run of tags, with the blanks between them: a page splits into its few runs of real text.
_TAGS = re.compile(r"(<[^>]+>(?:\s*<[^>]+>)*)")
# A straight apostrophe between two letters, written as such or as an HTML entity (Jinja escapes it).
# Each form is searched for first and the letter before it checked after: a search for a few
# characters is four times quicker than a lookbehind tried at every place of a long text.
_APOSTROPHES = ("'", "&#39;", "&#x27;", "&apos;")
_APOSTROPHE = re.compile("(?:" + "|".join(rf"{re.escape(form)}(?<=[^\W\d_]{re.escape(form)})" for form in _APOSTROPHES)
                         + r")(?=[^\W\d_])", re.I)


_BEFORE_PUNCTUATION = re.compile(r"[ \u00a0]+([;:!?»])")
_GLUED_PUNCTUATION = re.compile(r"(?<=\w)([!?])(?=\s|$)")
_AFTER_GUILLEMET = re.compile(r"«[ \u00a0]*")
_UNIT = re.compile(r"(\d) (?=(%|€|euros?|jours?|mois|ans|heures?|h\b|min\b|km|m\b|Ko|Mo|°))")
# Most pieces of a page are blank or plain words between tags: one search leaves them alone.
# (Only what a rule needs: an entity such as « &amp; » alone changes nothing.)
_ANY_RULE = re.compile(r"'|&#39;|&#x27;|&apos;|[ \u00a0][;:!?»]|[!?«]|\d ", re.I)
_DIGIT_BLANK = re.compile(r"\d ")


@functools.lru_cache(maxsize=4096)  # menus, buttons and labels repeat from page to page
def _text(text: str) -> str:
    if not _ANY_RULE.search(text):
        return text
    # Each rule only where its characters are: a page has thousands of pieces of text.
    if "'" in text or "&" in text:
        text = _APOSTROPHE.sub("\u2019", text)
    if ";" in text or ":" in text or "!" in text or "?" in text or "»" in text:
        text = _BEFORE_PUNCTUATION.sub(NNBSP + r"\1", text)
        if "!" in text or "?" in text:
            text = _GLUED_PUNCTUATION.sub(NNBSP + r"\1", text)
    if "«" in text:
        text = _AFTER_GUILLEMET.sub("«" + NNBSP, text)
    if _DIGIT_BLANK.search(text):
        text = _UNIT.sub(r"\1" + NBSP, text)
    return text


def french(html: str) -> str:
    """`html` typeset. Not twice: that would add a second space after « »."""
    # split() yields text, the element kept as it is, then its name captured inside it.
    parts = _KEPT.split(html)
    parts[::3] = map(_between_tags, parts[::3])
    parts[2::3] = [""] * (len(parts) // 3)
    return "".join(parts)


def _between_tags(html: str) -> str:
    """Typeset the text between the tags (split() yields text, then a run of tags, in turn)."""
    parts = _TAGS.split(html)
    parts[::2] = map(_text, parts[::2])
    return "".join(parts)


def is_whole_tags(html: str) -> bool:
    """Does `html` start with a tag and end with one? Such a run can be typeset on its own: no
    text around it runs into it, so its neighbours are typeset the same without it."""
    return html[:1] == "<" and html[-1:] == ">"


def number(value: float, digits: int = 1, unit: str = "") -> str:
    """« 83,3 % », « 1 234 », « 0,03 s »: trailing zeros of the decimals dropped, a no-break space before the unit."""
    text = f"{value:,.{digits}f}".replace(",", NNBSP).replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    if text in ("-0", ""):
        text = "0"
    return text + (NBSP + unit if unit else "")


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def french_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"
