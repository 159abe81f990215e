"""Parts of the pages that many pages share, rendered and typeset once.

`{% call legs_cache(key) %}…{% endcall %}` renders its body once per key (a None key: every
time). What surrounds the page on every record (menu, styles, scripts, Material's
configuration, header, footer) is the same HTML on all of them, records being out of the menu
(`record_key`). Rendering these once instead of once per record keeps the build linear in the
number of records.

They are typeset once too (`legs.french`): the whole page is typeset after rendering, and the
parts taken from here are left as they are (`typeset`). The menu is most of a record page's
text.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from ..french import french, is_whole_tags


class SharedParts:
    """The `legs_cache` of the templates, and the typesetting of the pages that use it."""

    def __init__(self, record_uris: set[str], circles_listed: bool) -> None:
        self._records = record_uris
        self._circles_listed = circles_listed
        # Each part as rendered, and its run of whole tags if it is typeset here (else None).
        self._rendered: dict[str, tuple[str, str | None]] = {}
        self._used: dict[str, None] = {}  # typeset parts of the page being rendered, in order

    def record_key(self, page, part: str) -> str | None:
        """`part` of the layout is the same on every record page, None on other pages. Its links
        are relative to the page: the same on all records (all at one depth, and no part links
        to a record), not on two pages of the guide (a link to the page itself reads « ./ »).
        The exception: a menu that lists the circles links to a record's own circle as « ../ »,
        so it is shared by the records of one circle only."""
        if not isinstance(page, Page) or page.file.src_uri not in self._records:
            return None
        if part == "menu" and self._circles_listed:
            return f"record {part} {page.url.rsplit('/', 2)[0]}"
        return f"record {part}"

    def __call__(self, key: str | None, caller) -> str:
        if key is None:
            return caller()
        if key not in self._rendered:
            html = caller()
            # A part that does not start and end with a tag is typeset with its page.
            if is_whole_tags(html.strip()):
                html = french(html)
                self._rendered[key] = (html, html.strip())
            else:
                self._rendered[key] = (html, None)
        html, core = self._rendered[key]
        if core is not None:
            self._used[core] = None
        return html

    def start(self) -> None:
        """A page or a template is about to be rendered."""
        self._used.clear()

    def typeset(self, html: str) -> str:
        """The rendered page, typeset, with its shared parts as they were typeset once."""
        return french(html, self._used)
