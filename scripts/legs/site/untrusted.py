"""Rendering contributed Markdown safely, whatever it contains.

The validator already refuses raw HTML, scripts and links that leave the site; the build
enforces the same on its own (defence in depth): on a contributed page, raw HTML is shown
as text, attributes cannot be injected, and links that leave the site or point to a page
that is not built lose their target.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..content import links, mdscan

_ALLOWED_ATTRIBUTES = {"href", "src", "alt", "title", "id", "class", "align", "colspan", "rowspan", "start"}


class _Guard(Treeprocessor):
    def __init__(self, md: Markdown, src_uri: str, is_built: Callable[[str], bool]):
        super().__init__(md)
        self.src_uri = src_uri
        self.is_built = is_built

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                if name.lower() not in _ALLOWED_ATTRIBUTES:
                    del element.attrib[name]
        # The links and images the validator reads (mdscan), classified the same way.
        for element, _attribute, url in list(mdscan.tree_links(root)):
            if self._allowed(url):
                continue
            if element.tag == "a":
                # The link text stays, as plain text: MkDocs expects every <a> to have a target.
                element.attrib.clear()
                element.tag = "span"
            else:
                alt = element.get("alt", "")
                element.attrib.clear()
                element.tag, element.text = "span", alt

    def _allowed(self, url: str) -> bool:
        target = links.classify(url, self.src_uri)
        if target.kind == "anchor":
            return True
        return target.kind == "internal" and self.is_built(target.path)


class UntrustedContent(Extension):
    """Registered once; acts only while `current()` names an untrusted page being rendered.

    MkDocs builds a new Markdown instance for each page right after `on_page_markdown`, so
    the plugin sets the current page there and this extension reads it when instantiated.
    """

    def __init__(self, current: Callable[[], str | None], is_built: Callable[[str], bool]):
        super().__init__()
        self.current = current
        self.is_built = is_built

    def extendMarkdown(self, md: Markdown) -> None:
        src_uri = self.current()
        if src_uri is None:
            return
        md.preprocessors.deregister("html_block", strict=False)
        md.inlinePatterns.deregister("html", strict=False)
        md.treeprocessors.deregister("attr_list", strict=False)
        # After the other tree processors, before MkDocs turns .md links into URLs (priority 0).
        md.treeprocessors.register(_Guard(md, src_uri, self.is_built), "legs_guard", 1)
