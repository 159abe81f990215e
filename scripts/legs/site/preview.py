"""`legs servir`: the live preview renders a saved record alone when nothing else changed.

MkDocs' server rebuilds the whole site on any change: at 10,000 records, a senior who saves
a sentence would wait half a minute. The server's builder is wrapped: each build first lists
what changed since the previous one (modification time, size and inode of every file the
site is made of). If only the text of records that have a page changed, and each record
read again has no error, the same warnings, front matter, links and headings, only their
pages are rendered again, with the state MkDocs kept from the last full build
(configuration, files, menu, templates). A record that now has errors shows them at its
address instead (a full build would stop on them, and the browser would wait with no word).
Anything else (a new or deleted file, a front matter, a file that is not a record) rebuilds
everything as before.

What a record's text shows only on its own page: listings, cards, exports, certificates and
the people it cites in « Qui solliciter » come from its front matter or are resolved on the
page itself. The search index is the exception: the lot that holds a page rendered alone is
indexed again once the page is shown (Pagefind cannot update an index), a few seconds at most.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import stat
import threading
from pathlib import Path
from typing import Callable, Iterable

from mkdocs.commands import build
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel

from .. import corpus as corpus_module
from .. import search
from ..content import paths
from ..pages import catalogue
from ..pages.common import GeneratedPage
from ..text import formatters

log = logging.getLogger("mkdocs.plugins.legs")

Snapshot = dict[str, tuple[int, int, int, int]]


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Every file under `roots` (symbolic links not followed), with what a save changes."""
    found: Snapshot = {}
    for root in roots:
        _walk(os.path.abspath(root), found)
    return found


def _walk(path: str, found: Snapshot) -> None:
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return
    if not stat.S_ISDIR(info.st_mode):
        found[path] = (info.st_mtime_ns, info.st_size, info.st_ino, info.st_mode)
        return
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                _walk(entry.path, found)
    except OSError:
        return


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


@dataclasses.dataclass
class Served:
    """What the last full build of the preview left: enough to render one more page."""

    plugin: object  # the LegsPlugin: its corpus and generated pages are those of this build
    config: object
    files: object
    nav: object
    env: object
    indexer: search.Indexer | None  # finished, with every page's document (None: no search)

    def render_alone(self, changed: list[str]) -> dict[str, str | None] | None:
        """Render the changed records alone if nothing else needs to change, and return the
        searchable part of each page rendered; None otherwise (nothing has been touched then)."""
        corpus = self.plugin.corpus
        updates, refused = [], []
        for path in changed:
            old = corpus.records.get(Path(path).stem)  # a record's id is its file name
            # A file replaced by a symbolic link (a branch checked out while the preview runs) is
            # left to the full build, which refuses it like any other.
            if (old is None or os.path.abspath(old.path) != path or old.src_uri not in self.plugin.generated
                    or paths.unsafe(old.path, corpus.settings.root)):
                return None
            record, problems = corpus_module.reload_record(corpus, old.path)
            errors = [problem for problem in problems if problem.is_error]
            if errors:
                # A full build would stop on them and the browser would wait for ever: the
                # record's page shows them instead; the rest of the site stays as it was.
                refused.append((old, problems))
            elif (record is None or dataclasses.replace(record, body=old.body) != old
                    or corpus_module.text_outline(corpus, record) != corpus_module.text_outline(corpus, old)
                    or _kinds(problems) != _kinds(p for p in corpus.problems if p.path == corpus.rel(old.path))):
                return None
            else:
                updates.append(record)
        found: dict[str, str | None] = {}
        for record in updates:
            corpus.replace_record(record)
            self._render(catalogue.record_page(corpus, record), found)
            log.info("Aperçu : seule la page de « %s » a été refaite.", formatters.printable(corpus.rel(record.path)))
        for record, problems in refused:
            self._render(catalogue.problems_page(corpus, record, problems), found)
            log.warning("Aperçu : « %s » contient des erreurs, montrées à la place de la fiche :\n%s",
                        formatters.printable(corpus.rel(record.path)),
                        "\n".join(formatters.text_line(problem) for problem in sorted(problems)))
        return found

    def refresh_search(self, fragments: dict[str, str | None], previous: threading.Thread | None) -> None:
        """Index again the lots of the pages rendered alone, after the earlier refresh (run once
        the page is shown: it only writes the index, which a page rendered alone never touches)."""
        if previous is not None:
            previous.join()
        if self.indexer is None or not fragments:
            return
        try:
            if self.indexer.refresh(fragments):
                log.info("Aperçu : la recherche trouve le nouveau texte.")
        except PluginError as error:
            log.warning("Aperçu : la recherche n'a pas pu être mise à jour (%s) ; elle le sera à la prochaine construction.", error)

    def _render(self, generated: GeneratedPage, found: dict[str, str | None]) -> None:
        """What MkDocs' build does for one page: read, convert, fill the template, write."""
        self.plugin.generated[generated.src_uri] = generated
        file = self.files.get_file_from_path(generated.src_uri)
        file.content_string = generated.content
        page = file.page
        page.reused = None
        # Neither taken from the build cache (it holds the earlier text) nor added to it; its
        # searchable part is kept for `refresh_search`.
        reuse, indexer = self.plugin.reuse, self.plugin.indexer
        self.plugin.reuse, self.plugin.indexer = None, _Collector(found)
        try:
            build._populate_page(page, self.config, self.files)
            pages_served = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            build._build_page(page, self.config, pages_served, self.nav, self.env)
        finally:
            self.plugin.reuse, self.plugin.indexer = reuse, indexer


class _Collector:
    """Stands for the indexer while a page is rendered alone: keeps its searchable part."""

    def __init__(self, found: dict[str, str | None]) -> None:
        self.found = found

    def add_fragment(self, url: str, fragment: str, digest: str | None = None) -> None:
        self.found[url] = fragment


def _kinds(problems) -> list[tuple[str, str]]:
    """Problems as the build reports them, without their lines (added text moves them)."""
    return sorted((problem.code, problem.message) for problem in problems)


class Preview:
    """Stands for the server's builder: renders changed records alone when it can."""

    def __init__(self, plugin, builder: Callable[[], None], roots: list[Path]) -> None:
        self.plugin, self.builder, self.roots = plugin, builder, roots
        self.searching: threading.Thread | None = None
        # Taken after the first build: a file saved during it makes the next build a full one
        # (its change is then missing from the difference, which is never trusted when empty).
        self.snapshot = snapshot(roots)

    def __call__(self) -> None:
        before, self.snapshot = self.snapshot, snapshot(self.roots)
        changed = changes(before, self.snapshot)
        # Dropped before a full build, which must not hold two sites in memory.
        served, self.plugin.served = self.plugin.served, None
        if served is not None and changed:
            try:
                found = served.render_alone(changed)
                if found is not None:
                    self.plugin.served = served
                    # The page is shown as soon as this returns; its search follows.
                    self.searching = threading.Thread(target=served.refresh_search, args=(found, self.searching),
                                                      name="legs-apercu-recherche", daemon=True)
                    self.searching.start()
                    return
            except Exception as error:  # noqa: BLE001 (the full build below reports real problems)
                log.info("Aperçu : la page seule n'a pas pu être refaite (%s) ; tout le site est reconstruit.", error)
        # A full build cleans the site's folder: the index is no longer written there by then.
        if self.searching is not None:
            self.searching.join()
            self.searching = None
        self.builder()
