"""The search index: Pagefind, fed page by page while MkDocs builds.

Pagefind stems French, folds accents and splits its index into small chunks, so the first
search downloads a few hundred kilobytes even with thousands of records (Material's own
search sends one index of every page to every visitor). Its indexing service runs in its
own process: pages are handed to it as soon as they are rendered, so indexing uses the
machine's second core instead of adding its time after the build.

We speak the service's protocol (base64 JSON messages, each ended by a comma) directly:
the `pagefind` Python wrapper polls for each answer with a 0.1 s pause, which alone costs
100 s for 1,000 pages.

Pagefind keeps every word of every page in memory until it writes the index: about 200 kB
per record, 2 GB for 10,000. So the site's index is cut into lots of LOT_SIZE pages, each
built by its own service and written while the next one fills; the search page merges them
(Pagefind's `mergeIndex`: the extra lots cost their index chunks, not a second engine).
"""

from __future__ import annotations

import base64
import json
import queue
import subprocess
import threading
from pathlib import Path

from mkdocs.exceptions import PluginError
from pagefind.service import get_executable

CONFIG = {
    "force_language": "fr",
    "exclude_selectors": [".headerlink", ".md-content__button", ".legs-carte__titre"],
}
# The template marks the part of each page that the search indexes (see overrides/main.html).
START, END = "<!--legs-recherche-->", "<!--/legs-recherche-->"
# Pages per index lot: bounds Pagefind's memory, while few enough lots keep a first search light.
LOT_SIZE = 2500
# Lists the extra lots for the search page.
LOTS_FILE = "lots.json"
# Pages waiting to be written to the service; bounds memory when MkDocs outpaces Pagefind.
BACKLOG = 64


class _Service:
    """One Pagefind process building one index."""

    def __init__(self) -> None:
        executable = get_executable()
        if executable is None:
            raise PluginError("Le programme Pagefind est introuvable : relancez scripts/installer.sh.")
        self._process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._next_id = 0
        self._answers: dict[int, dict] = {}
        self._errors: list[str] = []
        self._added = self._indexed = 0
        self._eof = False  # the service has stopped talking: nothing more will come
        self._answered = threading.Condition()
        self._outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=BACKLOG)
        self._reader = threading.Thread(target=self._read, name="pagefind-lecture", daemon=True)
        self._writer = threading.Thread(target=self._write, name="pagefind-ecriture", daemon=True)
        self._reader.start()
        self._writer.start()
        self._index_id = self._request({"type": "NewIndex", "config": CONFIG})["index_id"]

    def _send(self, payload: dict) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        self._outbox.put(base64.b64encode(json.dumps(message).encode()) + b",")
        return self._next_id

    def _request(self, payload: dict) -> dict:
        """Send one message and wait for its answer."""
        message_id = self._send(payload)
        with self._answered:
            self._answered.wait_for(lambda: message_id in self._answers or self._eof)
        if self._errors:
            raise PluginError("L'index de recherche n'a pas pu être construit (Pagefind) : " + " ; ".join(self._errors[:3]))
        if message_id not in self._answers:
            raise PluginError("Le service de recherche Pagefind s'est arrêté pendant la construction.")
        return self._answers.pop(message_id)

    def _write(self) -> None:
        broken = False
        while (chunk := self._outbox.get()) is not None:
            if broken:
                continue  # keep emptying the queue so that the build never waits on a dead service
            try:
                self._process.stdin.write(chunk)
                self._process.stdin.flush()
            except (BrokenPipeError, OSError):
                broken = True
        if not broken:
            self._process.stdin.close()

    def _read(self) -> None:
        buffer = b""
        for data in iter(lambda: self._process.stdout.read1(1 << 16), b""):
            buffer += data
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                self._receive(raw)
        with self._answered:
            if buffer.strip():  # a crash message rather than an answer
                self._errors.append(buffer.decode(errors="replace").strip()[:500])
            self._eof = True
            self._answered.notify_all()

    def _receive(self, raw: bytes) -> None:
        try:
            answer = json.loads(base64.b64decode(raw))
            payload = answer.get("payload") or {}
        except ValueError:
            answer, payload = {}, {"type": "Error", "message": raw.decode(errors="replace").strip()[:500]}
        with self._answered:
            if payload.get("type") == "Error":
                self._errors.append(payload.get("message", "erreur inconnue"))
            elif payload.get("type") == "IndexedFile":  # counted, not awaited one by one
                self._indexed += 1
            else:
                self._answers[answer.get("message_id")] = payload
            self._answered.notify_all()

    @property
    def size(self) -> int:
        return self._added

    def add(self, url: str, html: str) -> None:
        """Queue one page; returns at once unless Pagefind is far behind."""
        self._added += 1
        self._send({"type": "AddFile", "index_id": self._index_id, "url": "/" + url, "file_path": None,
                    "file_contents": html})

    def write(self, output: Path) -> None:
        """Write the index to `output` once every page is in it, then stop the service."""
        try:
            # Every page must be in the index before it is written.
            with self._answered:
                self._answered.wait_for(lambda: self._indexed + len(self._errors) >= self._added
                                        or self._eof)
            self._request({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(output)})
        finally:
            self.close()

    def close(self) -> None:
        self._outbox.put(None)
        self._writer.join(timeout=10)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._reader.join(timeout=10)


class Indexer:
    """The site's search index, fed page by page while MkDocs renders, in lots."""

    def __init__(self, site_dir: Path, lot_size: int = LOT_SIZE) -> None:
        self.site_dir = site_dir
        self.lot_size = lot_size
        self._current: _Service | None = None
        self._lots: list[Path] = []
        self._writers: list[threading.Thread] = []
        self._failures: list[PluginError] = []

    def add(self, url: str, html: str) -> None:
        """Queue the searchable part of one rendered page."""
        start, end = html.find(START), html.find(END)
        if start < 0 or end < start:
            return  # listings and the search page itself are not indexed
        if self._current is not None and self._current.size >= self.lot_size:
            self._write_in_background(self._current)
            self._current = None
        if self._current is None:
            self._current = _Service()
            self._lots.append(self.site_dir / lot_dir(len(self._lots)))
        # Only the marked part: parsing the navigation of every page would slow Pagefind down.
        self._current.add(url, f'<html lang="fr"><body>{html[start + len(START):end]}</body></html>')

    def _write_in_background(self, service: _Service) -> None:
        output = self._lots[-1]

        def write() -> None:
            try:
                service.write(output)
            except PluginError as error:
                self._failures.append(error)

        writer = threading.Thread(target=write, name="pagefind-lot", daemon=True)
        writer.start()
        self._writers.append(writer)

    def finish(self) -> None:
        if self._current is None:  # nothing to index: an empty index keeps the search page working
            self._current = _Service()
            self._lots.append(self.site_dir / lot_dir(0))
        try:
            self._current.write(self._lots[-1])
        finally:
            self._current = None
            for writer in self._writers:
                writer.join()
        if self._failures:
            raise self._failures[0]
        # Written last: the first lot's folder also holds Pagefind's interface files.
        (self.site_dir / lot_dir(0) / LOTS_FILE).write_text(
            json.dumps([lot.name for lot in self._lots[1:]]), encoding="utf-8")

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
        for writer in self._writers:
            writer.join(timeout=30)


def lot_dir(number: int) -> str:
    """The folder of one lot, beside the main `pagefind/` folder that the interface loads."""
    return "pagefind" if number == 0 else f"pagefind-{number + 1}"
