"""Finding a registered person's name or e-mail typed in a text, in any of its variants.

People are cited by `@id`, so that one who withdraws disappears from the site. A name typed
in clear would stay: it is refused, whatever its form. Texts and names are compared after
the same normalisation: Unicode compatibility forms (NFKC: non-breaking and other spaces,
full-width letters, ligatures), invisible characters removed, accents removed, case folded;
words may be separated by any run of spaces, line breaks or hyphens, and the surname may come
first (« Leroux Anne »). Withdrawn people are included: their name is no longer published,
but the check keeps a private copy so that it cannot be typed back in.

Speed: the normalisation and a search for the surnames alone are done by the regex engine,
in C; the full-name pattern runs only on the few texts that contain a surname. Neither
normalisation adds or removes a line break, so a match's line in the normalised text is its
line in the source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterator

_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2069\u3164\ufe00-\ufe0f\ufeff\uffa0]")
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD = re.compile(r"[^\W_]+")
_SEPARATOR = r"[\s\-\u2010\u2011'\u2019.]+"


# Texts made only of these characters (ASCII, Latin-1 letters, the usual French punctuation)
# normalise to themselves but for case and accents: searching the surnames in them, case
# folded and unaccented, is a sound filter, without normalising. Other texts take the full path.
_NOT_PLAIN = re.compile("[^\t\n\x20-\x7e\u00a0\u00ab\u00bb\u00c0-\u00d6\u00d8-\u00de\u00e0-\u00f6\u00f8-\u00ff\u2013\u2014\u2019]")


def _plain_table() -> bytes:
    """Latin-1 byte -> its letter lowercased without accent, or a space if not a letter or digit."""
    table = bytearray(b" " * 256)
    for code in range(256):
        char = chr(code)
        if char.isalnum():
            base = unicodedata.normalize("NFD", char.lower())[0]
            table[code] = ord(base) if ord(base) < 256 else 32
    return bytes(table)


_PLAIN_TABLE = _plain_table()


def normalise(text: str) -> str:
    """The form in which names are compared; keeps every line break where it was."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFD", text.casefold())
    return _MARKS.sub("", text)


@dataclass(frozen=True)
class Found:
    kind: str  # "name" or "email"
    text: str  # as normalised
    person: str
    line: int  # 0-based, in the text given


@dataclass
class NameIndex:
    by_words: dict[tuple[str, ...], str] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)
    names: re.Pattern | None = None
    surnames: re.Pattern | None = None
    plain_surnames: frozenset | None = None  # as unaccented Latin-1 words; None: no quick look
    emails: re.Pattern | None = None

    @classmethod
    def build(cls, people: list[tuple[str, object, object]]) -> "NameIndex":
        """`people`: (id, name, e-mail) of everyone in the registry, withdrawn people included."""
        index = cls()
        surnames: set[str] = set()
        for person_id, name, email in people:
            words = tuple(_WORD.findall(normalise(name))) if isinstance(name, str) else ()
            if len(words) >= 2:
                index.by_words[words] = person_id
                index.by_words[words[-1:] + words[:-1]] = person_id  # « Leroux Anne »
                surnames.add(words[-1])
            if isinstance(email, str) and "@" in email:
                index.by_email[normalise(email.strip())] = person_id
        if index.by_words:
            alternatives = sorted((_SEPARATOR.join(map(re.escape, w)) for w in index.by_words), key=len, reverse=True)
            index.names = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")
            index.surnames = re.compile("|".join(sorted(map(re.escape, surnames), key=len, reverse=True)))
            try:
                index.plain_surnames = frozenset(w.encode("latin-1").translate(_PLAIN_TABLE) for w in surnames)
            except UnicodeEncodeError:
                index.plain_surnames = None
        if index.by_email:
            alternatives = sorted(map(re.escape, index.by_email), key=len, reverse=True)
            index.emails = re.compile(rf"(?<![\w.+-])(?:{'|'.join(alternatives)})(?![\w-])")
        return index

    def find(self, text: str) -> Iterator[Found]:
        if self.names is None and self.emails is None:
            return
        if (self.names is None or self.plain_surnames is not None) and _NOT_PLAIN.search(text) is None:
            # Most texts: a quick look first, at their words lowercased without accents.
            words = text.encode("latin-1", "replace").translate(_PLAIN_TABLE).split()
            if (self.names is None or self.plain_surnames.isdisjoint(words)) and (
                    self.emails is None or "@" not in text or not self.emails.search(text.lower())):
                return
        clean = normalise(text)
        newlines = None
        if self.names is not None and self.surnames.search(clean):
            for match in self.names.finditer(clean):
                words = tuple(_WORD.findall(match.group(0)))
                newlines = newlines if newlines is not None else _newlines(clean)
                yield Found("name", match.group(0), self.by_words.get(words, ""), _line(newlines, match.start()))
        if self.emails is not None and "@" in clean:
            for match in self.emails.finditer(clean):
                newlines = newlines if newlines is not None else _newlines(clean)
                yield Found("email", match.group(0), self.by_email.get(match.group(0), ""), _line(newlines, match.start()))


def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


def _line(newlines: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_left(newlines, offset)
