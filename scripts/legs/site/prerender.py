"""Converting the generated pages' Markdown on every core, before MkDocs asks for it.

MkDocs converts the Markdown of every page, one after the other, before it renders any
template: with thousands of records, that is half of the build on one core (the records,
and the listings, each as long as the catalogue). The kit generates these pages itself, so
forked worker processes convert them in order while MkDocs goes through the others; each
such page then finds its HTML ready. Workers send back
what `Page.render` would have set, and the warnings it would have logged, so that a strict
build fails exactly as it would have without them.

The long HTML lists and tables of the kit's own pages are set apart while Markdown reads
the page (`PrerenderedPage.convert`): passing them through as raw HTML, Markdown and MkDocs
still parsed every tag of them, a third of the conversion of a large site.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.meta import get_data

from .. import parallel
from ..pages.common import read_front_matter
from ..text.markup import HTML_END, HTML_START
from . import engine

log = logging.getLogger("mkdocs.plugins.legs")

# Below this many records, starting workers costs more than it saves.
PARALLEL_FROM = 200
# One task: at most this many pages, or this much Markdown (listings are long).
PAGES_PER_TASK, CHARACTERS_PER_TASK = 40, 200_000
# What Markdown reads in the place of an HTML block set apart (`_set_apart`), and how it is found.
_PLACE = "<!--legs-html-{}-->"
_PLACES = re.compile(re.escape(_PLACE).replace(r"\{\}", "([0-9]+)"))


@dataclass
class Converted:
    """What `Page.render` sets on a page, computed in a worker."""

    content: str
    toc: object
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    warnings: list[tuple[int, str]] = field(default_factory=list)


class PrerenderedPage(Page):
    """A generated page whose Markdown a worker may already have converted."""

    prerenderer: "Prerenderer | None" = None
    # An entry of the build cache (incremental/cache.py): the page is not converted again.
    reused: dict | None = None
    # A page the kit writes itself: its marked HTML blocks are its own (never for contributed text).
    own_html: bool = False

    def read_source(self, config) -> None:
        """As MkDocs reads a page, but the kit's own front matter is read without YAML."""
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            source = self.file.content_string
            read = read_front_matter(source)
            if read is not None:
                self.markdown, self.meta = read
                return
        self.markdown, self.meta = get_data(source)

    def render(self, config, files) -> None:
        if self.reused is not None:
            self._restore(self.reused, files)
            return
        converted = self.prerenderer.take(self.file.src_uri) if self.prerenderer else None
        if converted is None:
            self.convert(config, files)
            return
        for level, message in converted.warnings:
            log.log(level, message)
        self.content, self.toc, self._title_from_render = converted.content, converted.toc, converted.title
        self.present_anchor_ids = converted.anchors
        if converted.links_to_anchors is not None:
            self.links_to_anchors = {files.get_file_from_path(uri): links
                                     for uri, links in converted.links_to_anchors.items()}

    def convert(self, config, files) -> None:
        """`Page.render`; on the kit's own pages, each marked HTML block (markup.HTML_START) is
        set apart first: Markdown reads a short comment in its place, then the comment is
        replaced by the block, as Markdown would have passed it through."""
        if not self.own_html or HTML_START not in self.markdown:
            Page.render(self, config, files)
            return
        markdown, blocks = self.markdown, []
        self.markdown = _set_apart(markdown, blocks)
        try:
            Page.render(self, config, files)
        finally:
            self.markdown = markdown
        self.content = _PLACES.sub(lambda found: blocks[int(found.group(1))], self.content)

    def _restore(self, entry: dict, files) -> None:
        """What MkDocs needs of a page it does not render: its title and anchors, for the links
        checked across the site. Its HTML is already written in the entry."""
        self.content, self.toc, self._title_from_render = "", TableOfContents([]), entry["title"]
        self.present_anchor_ids = None if entry["anchors"] is None else set(entry["anchors"])
        if entry["links"] is not None:
            self.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in entry["links"].items()}


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


class Prerenderer:
    def __init__(self, pages: list[PrerenderedPage], config, files) -> None:
        self.tasks = _tasks(pages)
        self._ready: dict[str, Converted] = {}
        self._pool = parallel.pool((self, config, files), min(parallel.cores(), 4))
        self._results = self._pool.imap(_convert, range(len(self.tasks)))
        for page in pages:
            page.prerenderer = self

    @staticmethod
    def available(records: int) -> bool:
        return records >= PARALLEL_FROM and parallel.cores() > 1

    def take(self, src_uri: str) -> Converted | None:
        """The converted page, waiting for it if needed; None: MkDocs converts it itself."""
        while src_uri not in self._ready and self._results is not None:
            try:
                self._ready.update(next(self._results))
            except StopIteration:
                self._results = None
            except Exception as exc:  # a worker failed: MkDocs converts the rest itself, as usual
                log.info("Conversion parallèle interrompue (%s) : la construction continue sans elle.", exc)
                self.close()
        return self._ready.pop(src_uri, None)

    def close(self) -> None:
        self._results = None
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None


def _set_apart(markdown: str, blocks: list[str]) -> str:
    """`markdown` with a comment in the place of each marked HTML block, put in `blocks`. A block
    with an anchor (an id) stays: MkDocs reads raw HTML for the anchors that links may point to."""
    pieces, end = [], 0
    while (start := markdown.find(HTML_START, end)) >= 0 and (stop := markdown.find(HTML_END, start)) >= 0:
        block = markdown[start + len(HTML_START):stop]
        if " id=" not in block:
            blocks.append(block)
            block = _PLACE.format(len(blocks) - 1)
        pieces += [markdown[end:start], block]
        end = stop + len(HTML_END)
    return "".join(pieces) + markdown[end:]


def _tasks(pages: list[PrerenderedPage]) -> list[list[PrerenderedPage]]:
    """Pages in the order MkDocs will ask for them, cut into tasks of similar weight."""
    tasks: list[list[PrerenderedPage]] = [[]]
    weight = 0
    for page in pages:
        size = len(page.file.content_string)
        if tasks[-1] and (len(tasks[-1]) >= PAGES_PER_TASK or weight + size > CHARACTERS_PER_TASK):
            tasks.append([])
            weight = 0
        tasks[-1].append(page)
        weight += size
    return [task for task in tasks if task]


def _convert(task: int) -> dict[str, Converted]:
    prerenderer, config, files = parallel.job()
    warnings = _Warnings()
    logger = logging.getLogger(engine.NAME)
    # Only collected here: the main process logs them, where the strict build counts them.
    handlers, logger.handlers = logger.handlers, [warnings]
    done = {}
    try:
        for page in prerenderer.tasks[task]:
            # What MkDocs does before converting a page (the plugins' hooks included).
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.convert(config, files)
            links = page.links_to_anchors
            done[page.file.src_uri] = Converted(
                page.content, page.toc, page._title_from_render, page.present_anchor_ids,
                None if links is None else {target.src_uri: value for target, value in links.items()},
                warnings.records)
            warnings.records = []
    finally:
        logger.handlers = handlers
    return done
