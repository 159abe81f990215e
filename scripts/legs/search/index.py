"""The search index: Pagefind, fed page by page while MkDocs builds.

Pagefind stems French, folds accents and splits its index into small chunks, so the first
search downloads a few hundred kilobytes even with thousands of records (Material's own
search sends one index of every page to every visitor). Its indexing service runs in its
own process: pages are handed to it as soon as they are rendered, so indexing uses the
machine's second core instead of adding its time after the build.

We speak the service's protocol (base64 JSON messages, each ended by a comma) directly:
the `pagefind` Python wrapper polls for each answer with a 0.1 s pause, which alone costs
100 s for 1,000 pages.

Pagefind keeps every word of every page in memory until it writes the index: about 215 kB
per record page (measured: 270 MB for 1,000 pages, 916 MB for 4,000), 2.2 GB for 10,000.
One index ranks best (each lot scores with its own statistics), so a site keeps one index
up to LOT_SIZE pages; past that the index is cut into lots of equal size, each built by its
own service and written while the next one fills, which bounds the build's memory; the
search page merges them (Pagefind's `mergeIndex`).

The index files are asked from the service (GetFiles) and written here: with WriteFiles,
Pagefind could exit with writes still in flight and leave empty files. After the build,
`check_lots` reads every lot back and the build fails with a clear message if one is not whole.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import queue
import re
import subprocess
import threading
from pathlib import Path
from typing import Callable

from mkdocs.exceptions import PluginError
from pagefind.service import get_executable

from ..incremental import cache
from ..incremental.output import SiteFolder
from .words import Words

CONFIG = {
    "force_language": "fr",
    # Left out of the index: what repeats from page to page would fill the excerpts (anchors, the
    # edit button, the card's title, the grids' download links and screen buttons).
    "exclude_selectors": [".headerlink", ".md-content__button", ".legs-carte__titre", ".legs-telechargement",
                          ".grille-outils"],
}
# The template marks the part of each page that the search indexes (see overrides/main.html).
START, END = "<!--legs-recherche-->", "<!--/legs-recherche-->"
# Pages per index lot: one index up to this size (best ranking); beyond, lots bound the build's
# memory (two lots in memory at most: the one being written and the one filling, ~540 MB each).
LOT_SIZE = 2500
# Pagefind's ready-made interfaces: the kit has its own (docs/assets/javascripts/recherche.js).
UNUSED_FILES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
# Lists the extra lots for the search page.
LOTS_FILE = "lots.json"
# Pagefind's files that are gzip streams: a server that sends them with « Content-Encoding:
# gzip » lets the browser inflate them, faster than pagefind.js does (exemples/nginx-legs.conf).
GZIP_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")
# Pages waiting to be written to the service; bounds memory when MkDocs outpaces Pagefind.
BACKLOG = 64
# Pagefind runs together the texts of two table cells, or of a term and its definition, when
# no blank separates them (« Transmis parÉvelyne Robin » in the excerpts): a space between
# two such elements keeps the words apart. The end tag is matched, not looked behind for: the
# search then starts only at a « < », twice as fast on every page of the build.
_CELLS = re.compile(r"(</(?:th|td|dt|dd|tr)>)(?=<(?:th|td|dt|dd|tr)\b)", re.I)


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
        # One answer (GetFiles) can be tens of megabytes: scan only the new bytes for the comma.
        buffer = bytearray()
        for data in iter(lambda: self._process.stdout.read1(1 << 16), b""):
            search_from, start = len(buffer), 0
            buffer += data
            while (comma := buffer.find(b",", search_from)) >= 0:
                self._receive(bytes(buffer[start:comma]))
                start = search_from = comma + 1
            del buffer[:start]
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

    def write(self, output: Path, site: SiteFolder | None = None, key: str = "") -> list[dict]:
        """Write the index to `output` once every page is in it, then stop the service."""
        try:
            # Every page must be in the index before it is written.
            with self._answered:
                self._answered.wait_for(lambda: self._indexed + len(self._errors) >= self._added
                                        or self._eof)
            files = self._request({"type": "GetFiles", "index_id": self._index_id}).get("files") or []
        finally:
            self.close()
        _write_files(output, files, site, key)
        return files

    def close(self) -> None:
        self._outbox.put(None)
        self._writer.join(timeout=10)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._reader.join(timeout=10)


# A page's searchable part, or how to read it: a page taken from the build cache is read only
# if its lot has to be indexed again.
Fragment = str | Callable[[], str]


def _read(fragment: Fragment) -> str:
    return fragment if isinstance(fragment, str) else fragment()


class _Lot:
    """The pages of one lot, kept until it is clear whether the previous build's lot can serve."""

    def __init__(self, output: Path, previous: list[str] | None) -> None:
        self.output = output
        self.previous = previous or []
        self.pages: list[tuple[str, Fragment]] = []
        self.fragments: list[tuple[str, str]] = []  # every page, kept for the preview (`Indexer.refresh`)
        self.digests: list[str] = []
        self.service: _Service | None = None
        self.words = Words()  # counted once the lot is known to have changed

    def add(self, url: str, fragment: Fragment, digest: str) -> None:
        self.digests.append(digest)
        if self.service is None:
            self.pages.append((url, fragment))
            n = len(self.digests) - 1
            if n >= len(self.previous) or self.previous[n] != digest:
                self.start()  # this lot changed: index it while the site builds
        else:
            self._index(url, fragment)

    def start(self) -> None:
        self.service = _Service()
        for url, fragment in self.pages:
            self._index(url, fragment)
        self.pages = []

    def _index(self, url: str, fragment: Fragment) -> None:
        document = _document(_read(fragment))
        self.service.add(url, document)
        self.words.add(document)

    @property
    def key(self) -> str:
        return cache.digest("lot", CONFIG, cache.versions(), self.digests)


class Indexer:
    """The site's search index, fed page by page while MkDocs renders, in lots.

    With a `store`, a lot whose pages are those of the previous build, in the same order, is
    not indexed again: its files come from the cache (Pagefind cannot update an index)."""

    MANIFEST = "lots.json"

    def __init__(self, site_dir: Path, lot_size: int = LOT_SIZE, store: cache.Store | None = None,
                 keep: bool = False, site: SiteFolder | None = None, cached: cache.FragmentReader | None = None) -> None:
        self.site_dir = site_dir
        self.site = site  # files of unchanged lots, left in place (incremental/output.py)
        self.cached = cached  # reads the searchable part of a page taken from the build cache
        # The live preview keeps every page's document, to index a lot again when a page changes.
        self.keep = keep
        self._places: dict[str, tuple[_Lot, int]] = {}
        self.largest_lot = self.lot_size = lot_size
        self.store = store
        self._previous = self._read_manifest()
        self._current: _Lot | None = None
        self._lots: list[_Lot] = []
        self._writers: list[threading.Thread] = []
        self._failures: list[PluginError] = []
        self.words = Words()
        self.reused = 0  # lots taken from the cache

    def plan(self, pages: int) -> None:
        """About `pages` pages will be indexed, before any is added: cut them into lots of equal size."""
        self.lot_size = even_lot_size(pages, self.largest_lot)

    def _read_manifest(self) -> list[list[str]]:
        try:
            value = json.loads((self.store.folder / self.MANIFEST).read_text(encoding="utf-8")) if self.store else []
        except (OSError, ValueError):
            return []
        return value if isinstance(value, list) else []

    def _remember(self) -> None:
        """The build succeeded (its store is committed): the next build compares its lots with these."""
        if self.store is None:
            return
        self.store.folder.mkdir(parents=True, exist_ok=True)
        (self.store.folder / self.MANIFEST).write_text(json.dumps([lot.digests for lot in self._lots]), encoding="utf-8")

    @staticmethod
    def marked_part(html: str) -> str | None:
        """The part of a rendered page that the search indexes (None: a page left out)."""
        start, end = html.find(START), html.find(END)
        if start < 0 or end < start:
            return None  # listings and the search page itself are not indexed
        return html[start + len(START):end]

    def add(self, url: str, html: str) -> str | None:
        """Queue the searchable part of one rendered page; returns that part."""
        fragment = self.marked_part(html)
        if fragment is not None:
            self.add_fragment(url, fragment)
        return fragment

    def add_fragment(self, url: str, fragment: Fragment, digest: str | None = None) -> None:
        """Queue the searchable part of one page. A page taken from the build cache gives its
        `digest` (`page_digest(url, fragment)`, kept with it) and, as `fragment`, a function that
        reads its part: called only if the lot is indexed again."""
        if self._current is not None and len(self._current.digests) >= self.lot_size:
            self._close_lot(self._current, background=True)
            self._current = None
        if self._current is None:
            number = len(self._lots)
            self._current = _Lot(self.site_dir / lot_dir(number),
                                 self._previous[number] if number < len(self._previous) and self.store else None)
            self._lots.append(self._current)
        if self.keep:  # the preview indexes lots again from these
            fragment = _read(fragment)
            self._places[url] = (self._current, len(self._current.fragments))
            self._current.fragments.append((url, fragment))
        self._current.add(url, fragment, digest or page_digest(url, fragment))

    def add_cached(self, url: str, place: tuple[str, str, int], digest: str) -> None:
        """Queue a page taken from the build cache, known by its `digest`: its part is read from
        the cache (`place`, `PageReuse.fragment_place`) only if its lot is indexed again."""
        self.add_fragment(url, functools.partial(self.cached, place), digest)

    def _close_lot(self, lot: _Lot, background: bool) -> None:
        if lot.service is None:
            kept = self.store.get(lot.key) if self.store and lot.digests == lot.previous else None
            if kept is not None:
                _write_files(lot.output, kept["files"], self.site, lot.key)
                lot.words = Words.from_json(kept["mots"])
                self.reused += 1
                return
            lot.start()

        def write() -> None:
            try:
                files = lot.service.write(lot.output, self.site, lot.key)
                if self.store is not None:
                    self.store.put(lot.key, {"files": files, "mots": lot.words.to_json()})
            except PluginError as error:
                self._failures.append(error)

        if not background:
            write()
            return
        writer = threading.Thread(target=write, name="pagefind-lot", daemon=True)
        writer.start()
        self._writers.append(writer)

    def finish(self) -> None:
        if self._current is None:  # nothing to index: an empty index keeps the search page working
            self._current = _Lot(self.site_dir / lot_dir(0), None)
            self._current.start()
            self._lots.append(self._current)
        try:
            self._close_lot(self._current, background=False)
        finally:
            self._current = None
            for writer in self._writers:
                writer.join()
        if self._failures:
            raise self._failures[0]
        self._write_words()
        # Written last: the first lot's folder also holds Pagefind's engine.
        (self.site_dir / lot_dir(0) / LOTS_FILE).write_text(
            json.dumps([lot.output.name for lot in self._lots[1:]]), encoding="utf-8")
        self._check()

    def end(self, kept: bool) -> None:
        """After `finish`, once the build is known to have ended well (`kept`) or not: keep the
        new lots in the build cache for the next build, or leave the cache as it was."""
        if self.store is None:
            return
        if not kept:
            self.store.discard()
            return
        self.store.commit()
        self._remember()

    def _write_words(self) -> None:
        self.words = Words()
        for lot in self._lots:
            self.words.merge(lot.words)
        self.words.write(self.site_dir / lot_dir(0))

    def _check(self) -> None:
        problems = check_lots(self.site_dir)
        if problems:
            raise PluginError("L'index de recherche est incomplet (" + " ; ".join(problems[:5])
                              + ") : relancez la construction ; si le problème revient, signalez-le avec ce message.")

    def refresh(self, fragments: dict[str, str | None]) -> int:
        """The preview rendered these pages again alone (`keep` index): each lot that holds one is
        indexed again with its new text (Pagefind cannot update an index). Returns how many."""
        changed: dict[_Lot, None] = {}  # in order, each once
        for url, fragment in fragments.items():
            place = self._places.get(url)
            if place is None or fragment is None:  # a page out of the index stays out
                continue
            lot, number = place
            lot.fragments[number] = (url, fragment)
            changed[lot] = None
        for lot in changed:
            lot.pages, lot.words = list(lot.fragments), Words()
            lot.start()
            lot.service.write(lot.output)
        if changed:
            self._write_words()
            self._check()
        return len(changed)

    def close(self) -> None:
        if self._current is not None and self._current.service is not None:
            self._current.service.close()
        self._current = None
        for writer in self._writers:
            writer.join(timeout=30)
        if self.store is not None:
            self.store.discard()


def even_lot_size(pages: int, largest: int) -> int:
    """The size of lots cutting `pages` into as few lots as `largest` allows, all about equal:
    10,438 pages make five lots of 2,100 (the last 2,038), not four of 2,500 and one of 438.
    Each lot then holds less in memory while the build writes it, and a search ranks each
    lot's pages against all of that lot's occurrences of the word, a cost that grows with the
    square of the lot's size. Rounded up to a 25th of `largest`, so that a few pages more or
    less keep the same lots, which the next build can then reuse."""
    if pages <= largest:
        return largest
    lots = _ceil_div(pages, largest)
    step = max(1, largest // 25)
    return min(largest, _ceil_div(_ceil_div(pages, lots), step) * step)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def page_digest(url: str, fragment: str) -> str:
    """What identifies a page in its lot: the next build indexes the lot again if it differs."""
    return hashlib.sha256(f"{url}\0{fragment}".encode()).hexdigest()


def _document(fragment: str) -> str:
    # Only the marked part: parsing the navigation of every page would slow Pagefind down.
    spaced = _CELLS.sub(r"\1 ", fragment)
    return f'<html lang="fr"><body>{spaced}</body></html>'


def _write_files(output: Path, files: list[dict], site: SiteFolder | None = None, key: str = "") -> None:
    """Write a lot's files; with `site`, leave in place those the last build wrote for this lot."""
    if not any(f.get("path") == "pagefind-entry.json" for f in files):
        raise PluginError("Le service de recherche Pagefind n'a pas rendu d'index complet : relancez la construction.")
    for item in files:
        relative = Path(item["path"])
        if relative.is_absolute() or ".." in relative.parts or item["path"].startswith(UNUSED_FILES):
            continue
        target = output / relative
        if site is not None:
            path = site.relative(target)
            if site.keeps(path, key):
                continue
            site.wrote(path, key)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(item["content"]))


def check_lots(site_dir: Path) -> list[str]:
    """What is wrong with the index lots of a built site, in French (empty: every lot is whole)."""
    first = site_dir / lot_dir(0)
    try:
        lots = json.loads((first / LOTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"{lot_dir(0)}/{LOTS_FILE} est absent ou illisible"]
    problems = []
    for name in [lot_dir(0), *lots]:
        folder = site_dir / name
        try:
            entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
            languages = entry["languages"].values()
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            problems.append(f"{name}/pagefind-entry.json est absent ou illisible")
            continue
        empty = sorted(p.relative_to(site_dir).as_posix() for p in folder.rglob("*") if p.is_file() and p.stat().st_size == 0)
        problems += [f"{path} est vide" for path in empty]
        for language in languages:
            meta = folder / f"pagefind.{language.get('hash', '')}.pf_meta"
            if not meta.is_file():
                problems.append(f"{name}/{meta.name} manque")
    return problems


def lot_dir(number: int) -> str:
    """The folder of one lot, beside the main `pagefind/` folder that the interface loads."""
    return "pagefind" if number == 0 else f"pagefind-{number + 1}"
