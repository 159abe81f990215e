"""Parts of the pages that many pages share, rendered and typeset once.

`{% call legs_cache(key) %}…{% endcall %}` renders its body once per key (a None key: every
time). Record pages are not in the menu, so the menu around them is the same HTML on many of
them (see `menu_key`); what surrounds the page on every record (styles, scripts, Material's
configuration, header, footer) is the same on all of them (`record_key`). Rendering these once
instead of once per record keeps the build linear in the number of records.

They are typeset once too (`legs.french`): the whole page is typeset after rendering, and the
parts taken from here are left as they are (`typeset`). The menu is most of a record page's
text.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from ..french import french, is_whole_tags


def menu_key(circles_listed: bool):
    """Which record pages share one menu: its links are relative to the page. A menu that lists
    the circles links to a record's own circle as « ../ », so it serves only that circle's
    records; otherwise every record page (all at the same depth) has the same menu."""

    def key(page) -> str:
        return "menu-" + (page.url.rsplit("/", 2)[0] if circles_listed else str(page.url.count("/")))

    return key


class SharedParts:
    """The `legs_cache` of the templates, and the typesetting of the pages that use it."""

    def __init__(self, record_uris: set[str]) -> None:
        self._records = record_uris
        self._rendered: dict[str, tuple[str, bool]] = {}
        self._used: dict[str, None] = {}  # typeset parts of the page being rendered, in order

    def record_key(self, page, part: str) -> str | None:
        """`part` of the layout is the same on every record page, None on other pages. Its links
        are relative to the page: the same on all records (all at one depth, and no part links
        to a record), not on two pages of the guide (a link to the page itself reads « ./ »)."""
        return f"record {part}" if isinstance(page, Page) and page.file.src_uri in self._records else None

    def __call__(self, key: str | None, caller) -> str:
        if key is None:
            return caller()
        if key not in self._rendered:
            html = caller()
            # A part that does not start and end with a tag is typeset with its page.
            whole = is_whole_tags(html.strip())
            self._rendered[key] = (french(html) if whole else html, whole)
        html, typeset = self._rendered[key]
        if typeset:
            self._used[html.strip()] = None
        return html

    def start(self) -> None:
        """A page or a template is about to be rendered."""
        self._used.clear()

    def typeset(self, html: str) -> str:
        """The rendered page, typeset, with its shared parts as they were typeset once."""
        return french(html, self._used)
