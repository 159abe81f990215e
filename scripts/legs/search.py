"""The search index: Pagefind, fed page by page while MkDocs builds.

Pagefind stems French, folds accents and splits its index into small chunks, so the first
search downloads a few hundred kilobytes even with thousands of records (Material's own
search sends one index of every page to every visitor). Its indexing service runs in its
own process: pages are handed to it as soon as they are rendered, so indexing uses the
machine's second core instead of adding its time after the build.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from pathlib import Path

from mkdocs.exceptions import PluginError
from pagefind.index import IndexConfig, PagefindIndex

CONFIG = IndexConfig(force_language="fr", exclude_selectors=[".headerlink", ".md-content__button", ".legs-carte__titre"])


class Indexer:
    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._index = PagefindIndex(config=CONFIG)
        self._pending: list[Future] = []
        self._call(self._index._start())

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def add(self, url: str, html: str) -> None:
        """Queue one rendered page; returns at once."""
        self._pending.append(asyncio.run_coroutine_threadsafe(
            self._index.add_html_file(content=html, url="/" + url), self._loop))

    def finish(self, site_dir: Path) -> None:
        try:
            for future in self._pending:
                future.result()
            self._call(self._index.write_files(output_path=str(site_dir / "pagefind")))
        except Exception as exc:  # the service reports its own errors; say it in French
            raise PluginError(f"L'index de recherche n'a pas pu être construit (Pagefind) : {exc}") from exc
        finally:
            self.close()

    def close(self) -> None:
        if self._index._service is not None:
            self._call(self._index._service.close())
            self._index._service = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
