"""What every generated page shares: its front matter, and links between generated pages.

The pages are Markdown sources; lists too long for Markdown's speed are written as HTML, so
`href` gives the address MkDocs would have given a Markdown link between the same pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Iterable, TypeVar

from ..content.model import Circle, LegacyRecord
from ..corpus import Corpus, attribution
from ..text.markup import html_link, html_text, md, site_url


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    content: str
    kind: str  # "record", "circle", "listing"
    key: str = ""  # record or circle id
    untrusted: bool = False
    # The navigation page after which this page is listed, in the same section (None: not listed).
    nav_after: str | None = None


T = TypeVar("T")

LISTING_META = {"render_macros": False, "legs_hors_recherche": True}


def front_matter(meta: dict) -> str:
    # JSON is valid YAML: values are quoted and escaped whatever they contain.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def read_front_matter(source: str) -> tuple[str, dict] | None:
    """The Markdown and the meta of a page that starts with `front_matter`, as MkDocs' YAML
    reading gives them, but read as the JSON it is (MkDocs' pure-Python YAML takes a second
    per 10,000 pages). None: `source` does not start that way, MkDocs reads it."""
    if not source.startswith("---\n"):
        return None
    end = source.find("\n---\n", 3)
    if end < 4:
        return None
    meta = {}
    for line in source[4:end].split("\n"):
        key, colon, value = line.partition(": ")
        if not colon or not key.isidentifier():
            return None
        try:
            meta[key] = json.loads(value)
        except ValueError:
            return None
    return source[end + len("\n---\n"):].lstrip("\n"), meta


def link(from_uri: str, to_uri: str) -> str:
    """`posixpath.relpath(to_uri, dirname(from_uri))` for the site's own paths (relative, without
    « . » or « .. »), without its two calls to abspath: listings make one per record."""
    start, target = from_uri.split("/")[:-1], to_uri.split("/")
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def page_url(uri: str) -> str:
    """The address MkDocs gives the page made from the source `uri`, from the site's root (each
    page in its own folder: the kit requires `use_directory_urls`, rule LG121)."""
    stem = uri[:-len(".md")]
    return stem[:-len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"


def href(from_uri: str, to_uri: str) -> str:
    """The address of the page of `to_uri` from the page of `from_uri`, as MkDocs writes a Markdown
    link between them, for lists written as HTML (`markup.html_list`)."""
    relative = link(page_url(from_uri), page_url(to_uri))
    # A folder's address keeps its slash, even from the page itself (« ./ »).
    return site_url(relative if relative.endswith("/") else relative + "/")


def page_link(from_uri: str, to_uri: str, title: str) -> str:
    """A link in HTML from the page of `from_uri` to that of `to_uri`, showing `title` (plain text)."""
    return html_link(href(from_uri, to_uri), html_text(title))


def record_item(from_uri: str, record: LegacyRecord, after: str) -> str:
    """A list item in HTML: the record's title, linked to its page, then `after` (HTML)."""
    return f"{page_link(from_uri, record.src_uri, record.title)} — {after}"


def referents_label(corpus: Corpus, circle: Circle, as_html: bool = False) -> str:
    """The circle's référents; on the internal site, with how to reach them (registry)."""
    text = html_text if as_html else md
    return ", ".join(text(attribution.person_label(corpus, r)) + contact_label(attribution.person_contact(corpus, r), as_html)
                     for r in circle.referents)


def contact_label(contact: dict | None, as_html: bool = False) -> str:
    """« (pour le ou la joindre : e-mail, phone) » in Markdown or HTML, or "" (public site, withdrawn person)."""
    if not contact:
        return ""
    text = html_text if as_html else md
    anchor = html_link if as_html else (lambda url, label: f"[{label}]({url})")
    # The link targets are safe URLs (percent-encoded address, digits); the texts are escaped.
    ways = [anchor(contact["mailto"], text(contact["courriel"])) if contact["mailto"] else "",
            (anchor(contact["tel"], text(contact["telephone"])) if contact["tel"] else text(contact["telephone"]))
            if contact["telephone"] else ""]
    return " (pour le ou la joindre : " + ", ".join(w for w in ways if w) + ")"


def group_by(items: Iterable[T], key: Callable[[T], Iterable[str]]) -> dict[str, list[T]]:
    """Items under each of their keys, in their order: one pass, not one per key."""
    grouped: dict[str, list[T]] = {}
    for item in items:
        for value in key(item):
            grouped.setdefault(value, []).append(item)
    return grouped
