"""The kit builds the same site with ProperDocs, the maintained fork of MkDocs 1.6 (issue 15).

MkDocs has had no release since 2024: ProperDocs reads the same mkdocs.yml and loads the same
theme and plugins. The example site is built with both engines, strict, search on, PDFs off,
and every file must be the same, byte for byte, but for what names the engine.
ProperDocs lives in its own environment, `.venv-properdocs` (`scripts/installer.sh --tests`).
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import ROOT, copy_kit

PROPERDOCS_PYTHON = ROOT / ".venv-properdocs" / "bin" / "python"

# The only line that may differ in a page: Material names the engine in
# <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-…">, and ProperDocs gives
# « ProperDocs 1.6.7 » as the MkDocs version. It is metadata, not content.
GENERATOR = re.compile(rb'(<meta name="generator" content="mkdocs-)([^",]*)(,)')
# Pagefind names its index files by a hash of their content (fr_2ae0ded.pf_filter), and that
# content is not the same from one build to the next, even with MkDocs twice: the search index
# is compared by its files' names without the hash, never byte for byte.
SEARCH_INDEX = "pagefind/"
CONTENT_HASH = re.compile(r"(?<=_)[0-9a-f]{7,}(?=\.)")


def generators(page: bytes) -> list[str]:
    return [match[2].decode() for match in GENERATOR.finditer(page)]


def normalised(page: bytes) -> bytes:
    return GENERATOR.sub(rb"\1ENGINE\3", page)


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def plain(names: set[str]) -> set[str]:
    return {name for name in names if not name.startswith(SEARCH_INDEX)}


def search_index(names: set[str]) -> Counter[str]:
    return Counter(CONTENT_HASH.sub("HASH", name) for name in names if name.startswith(SEARCH_INDEX))


def differences(mkdocs_site: Path, properdocs_site: Path) -> list[str]:
    """What differs between two builds of the same site, in words; empty if nothing does."""
    ours, theirs = files(mkdocs_site), files(properdocs_site)
    found = [f"{name} : absent du site construit avec ProperDocs" for name in sorted(plain(ours) - plain(theirs))]
    found += [f"{name} : présent seulement dans le site construit avec ProperDocs"
              for name in sorted(plain(theirs) - plain(ours))]
    if search_index(ours) != search_index(theirs):
        found.append(f"{SEARCH_INDEX} : l'index de recherche n'a pas les mêmes fichiers "
                     f"(MkDocs seul : {sorted((search_index(ours) - search_index(theirs)).elements())}, "
                     f"ProperDocs seul : {sorted((search_index(theirs) - search_index(ours)).elements())})")
    for name in sorted(plain(ours) & plain(theirs)):
        a, b = (mkdocs_site / name).read_bytes(), (properdocs_site / name).read_bytes()
        if name.endswith(".html"):
            a, b = normalised(a), normalised(b)
        if a != b:
            excerpt = difflib.unified_diff(a.decode(errors="replace").splitlines(), b.decode(errors="replace").splitlines(),
                                           "mkdocs", "properdocs", n=0, lineterm="")
            found.append(f"{name} diffère :\n" + "\n".join(list(excerpt)[:12]))
    return found


def version_in(python: Path) -> str:
    return subprocess.run([str(python), "-c", "import properdocs; print(properdocs.__version__)"],
                          capture_output=True, text=True, check=True).stdout.strip()


def build_with(python: Path | str, engine: str, repo: Path, out: Path) -> Path:
    env = {**os.environ, "LEGS_PDF": "false", "LEGS_RECHERCHE": "true", "NO_MKDOCS_2_WARNING": "1",
           # Both builds date the sitemap the same, even across midnight.
           "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", str(int(time.time())))}
    # As `legs construire` does: -P keeps the repository off the import path; the
    # configuration file is given by its absolute path.
    result = subprocess.run([str(python), "-P", "-m", engine, "build", "--strict", "-f", str(repo / "mkdocs.yml"),
                             "--site-dir", str(out)], cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, f"La construction avec {engine} a échoué ({result.returncode}) :\n{result.stderr[-4000:]}"
    return out


@pytest.fixture(scope="module")
def properdocs_python() -> Path:
    if not PROPERDOCS_PYTHON.exists():
        reason = ("ProperDocs n'est pas installé (dossier .venv-properdocs absent) : "
                  "lancez « bash scripts/installer.sh --tests ».")
        if os.environ.get("CI"):
            pytest.fail(reason)  # in CI, a missing engine must not pass as a skipped test
        pytest.skip(reason)
    return PROPERDOCS_PYTHON


def test_properdocs_builds_the_same_site_as_mkdocs(properdocs_python, tmp_path):
    # One copy of the kit for both builds: a file edited meanwhile cannot make them differ.
    repo = copy_kit(tmp_path / "depot")
    with_mkdocs = build_with(sys.executable, "mkdocs", repo, tmp_path / "mkdocs")
    with_properdocs = build_with(properdocs_python, "properdocs", repo, tmp_path / "properdocs")

    assert len(list(with_mkdocs.rglob("*.html"))) > 50 and (with_mkdocs / SEARCH_INDEX / "pagefind-entry.json").is_file()
    # Each build really ran its own engine (ProperDocs could otherwise hand over to MkDocs).
    for site, engine in ((with_mkdocs, version("mkdocs")), (with_properdocs, f"ProperDocs {version_in(properdocs_python)}")):
        assert generators((site / "index.html").read_bytes()) == [engine]
        for page in site.rglob("*.html"):
            assert set(generators(page.read_bytes())) <= {engine}, page

    found = differences(with_mkdocs, with_properdocs)
    assert not found, "Le site construit avec ProperDocs diffère de celui de MkDocs :\n" + "\n".join(found)


def test_comparison_reports_what_differs(tmp_path):
    """The comparison itself: the engine's name is the only difference it forgives."""
    head = '<head>\n<meta name="generator" content="mkdocs-{}, mkdocs-material-9.8.1">\n</head>\n<p>{}</p>\n'
    a, b = tmp_path / "a", tmp_path / "b"
    for site, engine in ((a, "1.6.1"), (b, "ProperDocs 1.6.7")):
        (site / "guide").mkdir(parents=True)
        (site / "guide" / "index.html").write_text(head.format(engine, "Guide"), encoding="utf-8")
        (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    for site, digest in ((a, "2ae0ded"), (b, "5ee1152")):
        (site / SEARCH_INDEX).mkdir(parents=True, exist_ok=True)
        (site / SEARCH_INDEX / f"pagefind.fr_{digest}.pf_meta").write_bytes(digest.encode())
    assert differences(a, b) == []

    (b / "guide" / "index.html").write_text(head.format("ProperDocs 1.6.7", "Guidé"), encoding="utf-8")
    (b / "sitemap.xml").write_text("<urlset />", encoding="utf-8")
    (b / "nouveau.html").write_text("", encoding="utf-8")
    (a / SEARCH_INDEX / "pagefind.unknown_1234567.pf_meta").write_bytes(b"")
    found = differences(a, b)
    assert len(found) == 4, found
    assert found[0].startswith("nouveau.html : présent seulement dans le site construit avec ProperDocs")
    assert found[1].startswith(f"{SEARCH_INDEX} : l'index de recherche n'a pas les mêmes fichiers")
    assert found[2].startswith("guide/index.html diffère") and "+<p>Guidé</p>" in found[2]
    assert found[3].startswith("sitemap.xml diffère")
