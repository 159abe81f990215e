"""The site's folder, kept between builds: what a build would write again unchanged is left in place.

MkDocs empties the site's folder before each build and writes every file again. At 10,000
records that is half a gigabyte deleted and rewritten, which takes longer than rendering the
one record a pull request changed. A build that ends well therefore lists, in the build
cache, what it wrote: each file's size, times and inode, and the cache entry it came from.
The next build into the same folder moves the folder out of MkDocs' way before it is emptied,
then puts it back; a page or a search lot taken from the same cache entry, and whose file is
still exactly as written, is not written again. At the end, every file this build neither
wrote nor kept is deleted, as MkDocs' cleaning would have done: the folder holds what a clean
build writes (a test compares them byte for byte).

MkDocs' own cleaning is used whenever something is unusual: no list (first build, or the last
one failed or was stopped: the list is deleted as a build starts), another folder, a folder
that is a symbolic link. A file changed by hand since is not kept (its size, times or inode
differ), and a file the last build did not write is deleted.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

from mkdocs.commands import build as mkdocs_build

from . import cache

MANIFEST = "site.json"
ASIDE = "site-"  # + the process number, in the cache folder (same disk as the project, usually)

# Size, modification and change times, inode: any write, even one that restores the old
# modification time (shutil.copy2), gives another change time.
Signature = tuple[int, int, int, int]


class SiteFolder:
    def __init__(self, cache_folder: Path, site_dir: Path) -> None:
        self.folder = cache_folder
        self.site_dir = Path(os.path.abspath(site_dir))
        self.aside: Path | None = None
        self.previous: dict[str, list] = {}  # the last build's list: path -> [*signature, key]
        self.before: dict[str, Signature] = {}  # the files found as this build starts
        self.kept: set[str] = set()
        self.keys: dict[str, str] = {}  # path -> cache entry, for the files written or kept now
        self._quiet = _Quiet()

    def set_aside(self) -> None:
        """Before MkDocs empties the folder: move it out of the way if the last build listed it."""
        manifest = self.folder / MANIFEST
        try:
            listed = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            listed = None
        manifest.unlink(missing_ok=True)  # a build that fails or is stopped from now on leaves no list
        self._remove_leftovers()
        if (not isinstance(listed, dict) or listed.get("site") != str(self.site_dir) or not isinstance(listed.get("files"), dict)
                or self.site_dir.is_symlink() or not self.site_dir.is_dir()):
            return
        aside = self.folder / f"{ASIDE}{os.getpid()}"
        try:
            os.rename(self.site_dir, aside)
        except OSError:  # another disk, or a folder in use: MkDocs empties it as usual
            return
        self.aside, self.previous = aside, listed["files"]

    def take_back(self) -> None:
        """Once MkDocs has emptied the (now absent) folder: put it back, and note what it holds."""
        if self.aside is None:
            return
        aside, self.aside = self.aside, None
        try:
            os.rename(aside, self.site_dir)  # refused if something made the folder meanwhile
        except OSError:
            shutil.rmtree(aside, ignore_errors=True)
            self.previous = {}
            return
        self.before = _walk(self.site_dir)
        mkdocs_build.log.addFilter(self._quiet)

    def keeps(self, path: str, key: str, src_uri: str | None = None) -> bool:
        """Whether the file at `path` (relative to the folder) is the one the last build wrote from
        the cache entry `key`, untouched since: it is then left as it is, not written again."""
        found = self.before.get(path)
        if found is None or self.previous.get(path) != [*found, key]:
            return False
        self.kept.add(path)
        self.keys[path] = key
        if src_uri is not None:  # a page: MkDocs says it skipped it, which is only what we asked
            self._quiet.skipped.add(f"Page skipped: '{src_uri}'. Generated empty output.")
        return True

    def wrote(self, path: str, key: str) -> None:
        self.keys[path] = key

    def changes(self) -> tuple[dict[str, str], set[str]]:
        """What another process, given a copy of this folder, wrote or kept: for `merge` in the
        build's process."""
        return self.keys, self.kept

    def merge(self, keys: dict[str, str], kept: set[str]) -> None:
        self.keys.update(keys)
        self.kept |= kept

    def relative(self, path: Path) -> str:
        return path.relative_to(self.site_dir).as_posix()

    def finish(self, remember: bool) -> None:
        """At the very end of the build: delete what this build neither wrote nor kept (what MkDocs'
        cleaning would have removed); if the build went well, list what the next one may keep."""
        mkdocs_build.log.removeFilter(self._quiet)
        after = _walk(self.site_dir, self._stale) if self.before else None
        if not remember:
            return
        if after is None:
            after = _walk(self.site_dir)
        files = {path: [*after[path], key] for path, key in self.keys.items() if path in after}
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / MANIFEST).write_text(json.dumps({"site": str(self.site_dir), "files": files}), encoding="utf-8")

    def abandon(self) -> None:
        """The build failed: MkDocs would have emptied the folder; what it held is not listed."""
        mkdocs_build.log.removeFilter(self._quiet)
        if self.aside is not None:
            shutil.rmtree(self.aside, ignore_errors=True)
            self.aside = None

    def _stale(self, path: str, signature: Signature) -> bool:
        """A file the last build left, which this build did not write again (it would have
        another signature) and did not keep."""
        return self.before.get(path) == signature and path not in self.kept

    def _remove_leftovers(self) -> None:
        """Folders set aside by a build that was stopped before it put them back."""
        for aside in self.folder.glob(f"{ASIDE}*"):
            pid = aside.name[len(ASIDE):]
            if not cache.alive(pid):
                shutil.rmtree(aside, ignore_errors=True)


class _Quiet(logging.Filter):
    """Hides MkDocs' notice for each page left in place (thousands of lines otherwise)."""

    def __init__(self) -> None:
        super().__init__()
        self.skipped: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.skipped


def _walk(root: Path, stale=None) -> dict[str, Signature]:
    """Every file under `root` with its signature, but for the hidden entries at its top, which
    MkDocs never empties. With `stale`, the files it names are deleted on the way, and the
    folders this leaves empty."""
    found: dict[str, Signature] = {}

    def visit(folder: str, prefix: str) -> bool:
        """Returns whether the folder was emptied here (and should go too)."""
        left = removed = 0
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return False
        for entry in entries:
            if not prefix and entry.name.startswith("."):
                left += 1
                continue
            path = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if visit(entry.path, path + "/"):
                    _remove(os.rmdir, entry.path)
                    removed += 1
                else:
                    left += 1
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            if stale is not None and stale(path, signature):
                _remove(os.unlink, entry.path)
                removed += 1
                continue
            found[path] = signature
            left += 1
        return left == 0 and removed > 0

    visit(str(root), "")
    return found


def _remove(remove, path: str) -> None:
    try:
        remove(path)
    except OSError:
        pass
