"""What the kit accepts to read from the repository: regular files, under safe names.

Everything read from `competences/` and `docs/` must be a regular file of the repository,
reached without following any symbolic link: a link could publish a file of the machine
that builds the site (`docs/secret.txt -> /proc/self/environ`), and a named pipe or a
device would block the build. The validator and the MkDocs plugin both ask this module,
so they accept and refuse the same files.

Circle folders, records and images are named by one pattern, SLUG: lower-case ASCII
letters and digits, words joined by single hyphens (`trier-les-dossiers`). Such a name is
the same on every system, in every URL and in CODEOWNERS, and cannot hide anything.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import unicodedata
from pathlib import Path

# The one documented name pattern (README, CONTRIBUTING): circle folders, record and image stems.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

SYMLINK, SPECIAL, FOLDER, OUTSIDE, MISSING = "symlink", "special", "folder", "outside", "missing"


# Where builds keep what later builds take back (pages, index lots, PDFs): never in the repository.
CACHE_DIR = ".cache"
PDF_CACHE = Path(CACHE_DIR) / "pdf"

def is_slug(name: str) -> bool:
    return bool(SLUG.match(name))


def slugify(text: str, limit: int = 60) -> str:
    """The safe name closest to `text`: « Fiche Été » -> « fiche-ete »."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:limit].strip("-") or "fiche"


def suggested_name(name: str, is_folder: bool = False) -> str:
    """The name to use instead of `name`, keeping a (lower-cased) known suffix for files."""
    if is_folder:
        return slugify(name)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return slugify(name)
    return f"{slugify(stem)}.{suffix.lower()}"


def kind_of_entry(entry: os.DirEntry) -> str | None:
    """What is wrong with a directory entry (scandir: no extra system call), or None."""
    if entry.is_symlink():
        return SYMLINK
    if entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False):
        return None
    return SPECIAL


def unsafe(path: Path, root: Path, want_dir: bool = False) -> str | None:
    """Why `path` may not be read, or None if it is a regular file (or folder) inside `root`.

    Every component between `root` and `path` is checked with lstat, so a symbolic link
    anywhere on the way is refused, not only at the end. `root` must be resolved already.
    """
    absolute = Path(os.path.normpath(os.path.abspath(path)))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return OUTSIDE
    current = root
    parts = relative.parts
    for index, part in enumerate(parts):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return MISSING
        except OSError:
            return SPECIAL
        if stat.S_ISLNK(mode):
            return SYMLINK
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(mode):
            return MISSING
        if last:
            if want_dir:
                return None if stat.S_ISDIR(mode) else SPECIAL
            if stat.S_ISDIR(mode):
                return FOLDER
            if not stat.S_ISREG(mode):
                return SPECIAL
    return None


def unsafe_outside_ok(path: Path, root: Path) -> str | None:
    """Like `unsafe`, for a file the operator may keep out of the repository (people registry).

    Inside the repository the same rules apply; outside it, the operator chose the path
    (an option or an environment variable, never a contribution): only a regular file is read.
    """
    reason = unsafe(path, root)
    if reason != OUTSIDE:
        return reason
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return MISSING
    if stat.S_ISDIR(mode):
        return FOLDER
    return None if stat.S_ISREG(mode) else SPECIAL


def tracked(root: Path, folder: str) -> list[str]:
    """The files under `folder` that git tracks in the repository at `root`, as git names them
    ([]: not a repository, or git is missing)."""
    try:
        found = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", folder],
                               capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    if found.returncode != 0:
        return []
    return [name for name in found.stdout.decode("utf-8", "replace").split("\0") if name]
