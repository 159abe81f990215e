"""Parts of the pages that many pages share, rendered and typeset once.

`{% call legs_cache(key) %}…{% endcall %}` renders its body once per key (a None key: every
time). What surrounds the page on every record (menu, styles, scripts, Material's
configuration, header, footer) is the same HTML on all of them, records being out of the menu
(`shared_key`); so it is on every circle page when the circles are not listed in the menu
either. A table of contents shows only the page's own headings: pages with the same headings
share it (`toc_key`), as most records do. Rendering these once instead of once per record
keeps the build linear in the number of records.

They are typeset once too (`legs.text.french`). A part that starts and ends with a tag stands in the
rendered page as one tag of its own (`<legs-part-…-N>`), so the page typeset around it is
typeset as if the part were there (text never runs into a tag), then the tag is replaced by the
part as it was typeset once. The menu is most of a record page's text: typesetting the page
without it is five times quicker. Typesetting twice would also be wrong (a second space after
« »).
"""

from __future__ import annotations

import re
import secrets

from mkdocs.structure.pages import Page

from ..text.french import french, is_whole_tags


class SharedParts:
    """The `legs_cache` of the templates, and the typesetting of the pages that use it."""

    def __init__(self, record_uris: set[str], circle_uris: set[str], circles_listed: bool) -> None:
        self._records = record_uris
        # Circle pages out of the menu are alike, one level above the records.
        self._circles = set() if circles_listed else circle_uris
        self._circles_listed = circles_listed
        # A name no contributed text can write, as rendered pages may hold anything they quote.
        self._name = f"legs-part-{secrets.token_hex(8)}"
        self._stand_in = re.compile(f"<{self._name}-[0-9]+>")
        self._rendered: dict[str, str] = {}  # what the page gets for each key: its stand-in, or the part
        self._typeset: dict[str, str] = {}  # each stand-in: its part, typeset

    def shared_key(self, page, part: str) -> str | None:
        """`part` of the layout is the same on every record page, None on other pages. Its links
        are relative to the page: the same on all records (all at one depth, and no part links
        to a record), not on two pages of the guide (a link to the page itself reads « ./ »).
        The exception: a menu that lists the circles links to a record's own circle as « ../ »,
        so it is shared by the records of one circle only. Circle pages share theirs when they
        are out of the menu: none is then marked as the current page, nor has a previous or
        next page in the footer."""
        if not isinstance(page, Page):
            return None
        if page.file.src_uri in self._circles:
            return f"circle {part}"
        if page.file.src_uri not in self._records:
            return None
        if part == "menu" and self._circles_listed:
            return f"record {part} {page.url.rsplit('/', 2)[0]}"
        return f"record {part}"

    def toc_key(self, page) -> str | None:
        """The table of contents (Material's partials/toc.html) shows nothing but the page's
        headings, each a link to an anchor of the page itself: the same headings, the same HTML."""
        if not isinstance(page, Page) or page.toc is None:
            return None
        shown = list(page.toc)
        titled = bool(shown) and shown[0].level == 1  # as the template does: the page's title is left out
        return f"toc {titled} {_outline(shown[0].children if titled else shown)!r}"

    def __call__(self, key: str | None, caller) -> str:
        if key is None:
            return caller()
        if key not in self._rendered:
            self._rendered[key] = self._stand_in_for(caller())
        return self._rendered[key]

    def _stand_in_for(self, html: str) -> str:
        """A part that does not start and end with a tag is typeset with its page, as it is.
        The blanks around a part stay in the page: the text beside them is typeset with them."""
        core = html.strip()
        if not is_whole_tags(core):
            return html
        tag = f"<{self._name}-{len(self._typeset)}>"
        self._typeset[tag] = french(core)
        return html.replace(core, tag, 1)

    def typeset(self, html: str) -> str:
        """The rendered page, typeset, with its shared parts as they were typeset once."""
        html = french(html)
        if not self._typeset:
            return html
        return self._stand_in.sub(lambda found: self._typeset[found.group(0)], html)


def _outline(items) -> list:
    """All that partials/toc.html reads of the headings."""
    return [(item.level, item.url, item.title, getattr(item, "typeset", None), _outline(item.children)) for item in items]
