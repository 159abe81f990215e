"""The words of the search index, for « Vouliez-vous dire … ? » and queries that match nothing.

Pagefind answers a word it does not know with pages that share only its first letters, and
has no list of its own words to correct a typing error. So the build also writes the words of
the indexed pages, with the number of pages each one is on, in one small file per first
letter (`pagefind/mots/c.json`): the search page fetches only the files of the words typed,
offline, and only compares words among themselves (no text of any page is in them).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

FOLDER = "mots"
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W\d_]{3,40}")


def fold(word: str) -> str:
    """Lower case, without accents: « Légionelle » → « legionelle » (as the search page does)."""
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


def shard(folded: str) -> str:
    first = folded[:1]
    return first if "a" <= first <= "z" else "_"


class Words:
    """Counts the pages each word is on, page by page, while the index is fed."""

    def __init__(self) -> None:
        self.pages = 0
        self._count: Counter[str] = Counter()
        self._forms: dict[str, Counter[str]] = {}

    def add(self, fragment: str) -> None:
        self.pages += 1
        seen = set(_WORD.findall(html.unescape(_TAG.sub(" ", fragment)).casefold()))
        self._count.update(seen)

    def merge(self, other: "Words") -> None:
        self.pages += other.pages
        self._count.update(other._count)

    def to_json(self) -> dict:
        return {"pages": self.pages, "mots": dict(self._count)}

    @classmethod
    def from_json(cls, value: dict) -> "Words":
        words = cls()
        words.pages = int(value["pages"])
        words._count.update({str(k): int(v) for k, v in value["mots"].items()})
        return words

    def write(self, folder: Path) -> None:
        """One file per first letter: [[word, pages], …], the most written form of each word."""
        by_fold: dict[str, tuple[str, int]] = {}
        for word, count in self._count.items():
            key = fold(word)
            known = by_fold.get(key)
            total = count + (known[1] if known else 0)
            # Ties go to the first spelling in alphabetical order: the same index, the same files.
            form = word if known is None or (count, known[0]) > (self._count[known[0]], word) else known[0]
            by_fold[key] = (form, total)
        shards: dict[str, list] = {}
        # Every word, the most common too: a word left out would be taken for a typing error.
        for key, (form, count) in sorted(by_fold.items()):
            shards.setdefault(shard(key), []).append([form, min(count, self.pages)])
        target = folder / FOLDER
        target.mkdir(parents=True, exist_ok=True)
        for name, words in shards.items():
            (target / f"{name}.json").write_text(json.dumps(words, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
