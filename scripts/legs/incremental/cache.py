"""Reusing what an earlier build made, so that a build redoes only what changed.

Record pages and search index lots are kept in `.cache/construction/<profil>/`, a folder that
CI may keep between runs and that anyone may delete. Each entry is named by a digest of
everything its output depends on (for a record page: its text and card, the menu, the pages
its links may reach, the templates, the kit's code and the configuration). A change to any
of them gives another name: a stale entry is never found, only left unused.

A build writes its new entries aside and keeps them only if it ends without a warning (a
strict build that fails must fail again next time). It then deletes every entry it did not
use: the cache never holds what the current site no longer shows, such as the name of a
person who withdrew or a record that became internal.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import sys
import zlib
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..content import paths

FOLDER = Path(paths.CACHE_DIR) / "construction"
STAGING = "nouveau-"  # + the process number: two builds at once never share it
BACKLOG = 256  # entries waiting to be written
# The packages whose version changes the HTML the build writes.
RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pagefind", "properdocs")

log = logging.getLogger("mkdocs.plugins.legs")


def digest(*parts: object) -> str:
    """A name for these inputs: each part as canonical JSON, with its length (no two inputs collide)."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, ensure_ascii=False, sort_keys=True, default=str).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return ""


def versions() -> list[str]:
    return [sys.version, *(_version(p) for p in RENDERING_PACKAGES)]


def code_fingerprint(*folders: Path) -> str:
    """The kit's own code and templates, and the versions of what renders the pages."""
    h = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest(h.hexdigest(), versions())


def entry_path(folder: Path, key: str) -> Path:
    return folder / key[:2] / key


def _read(path: Path, start: int, end: int | None) -> bytes | None:
    try:
        with path.open("rb") as entry:
            entry.seek(start)
            return entry.read() if end is None else entry.read(end - start)
    except OSError:
        return None


class Store:
    """Entries named by digest; new ones staged until the build succeeds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staging = folder / f"{STAGING}{os.getpid()}"
        self.used: set[str] = set()
        # Entries are written by a thread of their own: the disk works while pages render.
        self._writer = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="legs-cache")
        self._pending: list[concurrent.futures.Future] = []

    def _path(self, key: str, folder: Path | None = None) -> Path:
        return entry_path(folder or self.folder, key)

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def read(self, key: str, start: int = 0, end: int | None = None) -> bytes | None:
        """The entry's bytes, or those from `start` to `end` only."""
        data = _read(self._path(key), start, end)
        if data is not None:
            self.used.add(key)
        return data

    def write(self, key: str, data: bytes) -> None:
        self.used.add(key)
        if len(self._pending) >= BACKLOG:  # a slow disk must not fill the memory with pages
            self._wait(self._pending.pop(0))
        self._pending.append(self._writer.submit(self._write, self._path(key, self.staging), data))

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def _flush(self) -> None:
        """Wait for every entry to be written; an entry that could not be is simply not kept."""
        for future in self._pending:
            self._wait(future)
        self._pending = []

    @staticmethod
    def _wait(future: concurrent.futures.Future) -> None:
        try:
            future.result()
        except OSError as error:
            log.info("Le cache de construction n'a pas pu garder une page (%s) : elle sera refaite.", error)

    def get(self, key: str) -> dict | None:
        """A JSON entry, compressed (level 1: ten times faster than the default)."""
        data = self.read(key)
        try:
            return None if data is None else json.loads(zlib.decompress(data))
        except (ValueError, zlib.error):
            return None

    def put(self, key: str, value: dict) -> None:
        self.write(key, zlib.compress(json.dumps(value, ensure_ascii=False).encode(), 1))

    def commit(self) -> None:
        """Keep the new entries, delete those this build did not use."""
        self._flush()
        if self.staging.is_dir():
            for path in self.staging.glob("*/*"):
                target = self._path(path.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
            shutil.rmtree(self.staging, ignore_errors=True)
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("??/*"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)
        for staging in self.folder.glob(f"{STAGING}*"):  # left by a build that was stopped
            if not alive(staging.name[len(STAGING):]):
                shutil.rmtree(staging, ignore_errors=True)

    def discard(self) -> None:
        self._flush()
        shutil.rmtree(self.staging, ignore_errors=True)


def alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


class PageReuse:
    """Generated pages (records, circles, listings) of earlier builds, each found by a digest of
    all it depends on.

    A page's HTML and the part the search indexes are kept as they are, one file each; what
    MkDocs needs of a page before writing it (title, anchors, menu) is kept for all pages in
    one small file, read once: thousands of pages are read before the first one is written."""

    INDEX = "pages.json"

    def __init__(self, store: Store, build_key: str) -> None:
        self.store = store
        self.build_key = build_key
        self.keys: dict[str, str] = {}
        self.reusable: set[str] = set()
        self.taken: set[str] = set()
        # The menu around every page, known once MkDocs has read every page's title.
        self.menu = ""
        try:
            self.about = json.loads((store.folder / self.INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.about = {}
        if not isinstance(self.about, dict):
            self.about = {}

    def plan(self, pages: dict[str, tuple[str, dict]], site_key: str) -> None:
        """`pages`: each generated page's Markdown and card, by source path; `site_key`: the set
        of pages and files its links may reach. The menu is checked later (`same_menu`)."""
        for uri, (markdown, card) in pages.items():
            key = digest(self.build_key, site_key, uri, markdown, card)
            self.keys[uri] = key
            if key in self.about and self.store.has(key):
                self.reusable.add(uri)

    def take(self, uri: str) -> dict | None:
        """What MkDocs needs of the page before writing it, or None: the page is built as usual."""
        if uri not in self.reusable:
            return None
        self.taken.add(uri)
        self.store.used.add(self.keys[uri])
        return self.about[self.keys[uri]]

    def same_menu(self, about: dict) -> bool:
        return about.get("menu") == self.menu

    def html(self, uri: str) -> str:
        key = self.keys[uri]
        return self._read(uri, 0, self.about[key]["html"])

    def index_digest(self, uri: str) -> str | None:
        """What the search index knows the page's part by (None: a page left out of the search)."""
        return self.about[self.keys[uri]]["index"]

    def fragment_place(self, uri: str) -> tuple[str, str, int]:
        """Where the part of the page the search indexes is kept, for `FragmentReader`: it is read
        only if its lot is indexed again (a page the site's folder still holds is not read at all,
        incremental/output.py)."""
        return uri, self.keys[uri], self.about[self.keys[uri]]["html"]

    def _read(self, uri: str, start: int, end: int | None) -> str:
        data = self.store.read(self.keys[uri], start, end)
        if data is None:
            raise _vanished(uri)
        return data.decode()


    def output_key(self, uri: str) -> str:
        """What names the HTML written for the page: its entry and the menu around it."""
        return f"{self.keys[uri]}-{self.menu}"

    def keep(self, uri: str, html: str, fragment: str | None, index_digest: str | None, title: str | None, anchors,
             links) -> None:
        if uri not in self.keys:
            return
        data = html.encode()
        self.store.write(self.keys[uri], data + (fragment or "").encode())
        self.about[self.keys[uri]] = {"html": len(data), "index": index_digest, "title": title, "menu": self.menu,
                                      "anchors": None if anchors is None else sorted(anchors), "links": links}

    def commit(self) -> None:
        self.store.commit()
        self.store.folder.mkdir(parents=True, exist_ok=True)
        kept = {key: about for key, about in self.about.items() if key in self.store.used}
        (self.store.folder / self.INDEX).write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")

    def discard(self) -> None:
        self.store.discard()


class FragmentReader:
    """Reads the searchable part of pages kept by `PageReuse` (see `fragment_place`), in the
    build's process or in the one that builds the search index (search/process.py)."""

    def __init__(self, store: Store) -> None:
        self.folder = store.folder

    def __call__(self, place: tuple[str, str, int]) -> str:
        uri, key, start = place
        data = _read(entry_path(self.folder, key), start, None)
        if data is None:
            raise _vanished(uri)
        return data.decode()


def _vanished(uri: str) -> PluginError:
    """Deleted meanwhile by another build of the same profile."""
    return PluginError(f"La page « {uri} » a disparu du cache de construction pendant la construction : "
                       "une autre construction tourne-t-elle dans ce dossier ? Relancez la construction.")


class WarningCounter(logging.Handler):
    """Counts the warnings of a build: a build that warned keeps nothing new."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
