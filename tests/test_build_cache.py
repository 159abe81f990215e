"""The build cache: a rebuild reuses what did not change and never shows a stale page.

Each test changes one kind of thing a record page depends on, rebuilds with the cache of the
previous build, and compares every file with a build of the same content made without any
cache: they must be identical, byte for byte. The number of record pages taken from the
cache shows that what did not change was not rendered again.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from pathlib import Path

import pytest

from conftest import copy_kit, git_add_forced, run_legs
from legs.incremental import cache, output

FAST = {"LEGS_PDF": "false"}
REUSED = re.compile(r"\(fiches : (\d+) sur (\d+)\)")


def _build(kit: Path, out: Path, profile: str = "interne", use_cache: bool = True, env: dict | None = None) -> tuple[int, int]:
    env = {**FAST, "LEGS_CACHE": "true" if use_cache else "false", **(env or {})}
    result = run_legs(kit, "construire", "--profil", profile, "--dossier", str(out), env=env, check=True)
    found = REUSED.search(result.stderr + result.stdout)
    if not use_cache:
        assert found is None
        return 0, 0
    return int(found.group(1)), int(found.group(2))


def _files(site: Path) -> dict[str, object]:
    """Every file of a built site, byte for byte, but for two things that vary between builds of
    the same content: the time inside the compressed sitemap (its content is sitemap.xml), and
    the order in which Pagefind lists filter values, which follows the order its threads met the
    pages. Filter files are compared by their bytes, in any order; the index's list of files
    (entry, meta), which names them by digest, by its page count."""
    files: dict[str, object] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.name != "sitemap.xml.gz"):
        name = path.relative_to(site).as_posix()
        if path.parent.name == "filter" and path.parent.parent.name.startswith("pagefind"):
            files.setdefault(f"{path.parent.parent.name}/filter", []).append(sorted(gzip.decompress(path.read_bytes())))
        elif path.name == "pagefind-entry.json":
            files[name] = json.loads(path.read_text(encoding="utf-8"))["languages"]["fr"]["page_count"]
        elif not path.name.endswith(".pf_meta"):
            files[name] = path.read_bytes()
    for value in files.values():
        if isinstance(value, list):
            value.sort()
    return files


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.items() for part in item for s in _strings(part)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def _cached_text(folder: Path) -> str:
    """Every text the cache holds (pages, index lots and their words, what MkDocs needs of
    each page), whitespace made plain."""
    texts = []
    for path in (p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        try:
            texts += _strings(json.loads(zlib.decompress(data)))
        except zlib.error:
            texts.append(data.decode())
    return " ".join(" ".join(texts).split())


def _edit(kit: Path, relative: str, old: str, new: str) -> None:
    path = kit / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    kit = copy_kit(tmp_path / "depot")
    reused, total = _build(kit, tmp_path / "premiere")
    assert (reused, total) == (0, total) and total > 10
    return kit


# What each change touches: (change, how many record pages it must render again; None: all).
CHANGES = {
    "fiche": (lambda k: _edit(k, "competences/archives/preparer-un-versement.md", "## Contexte\n",
                              "## Contexte\n\nUne phrase ajoutée pour l'essai.\n"), 1),
    "vocabulaire": (lambda k: _edit(k, "competences/referentiels/competences.yml",
                                    "libelle: Classer et verser les archives", "libelle: Classer, trier et verser"), 2),  # 3 records, 1 draft
    "personne": (lambda k: _edit(k, "competences/personnes.yml", "nom: Gilles Fontaine", "nom: Gilles Fontaine-Morel"), None),
    "cercle": (lambda k: _edit(k, "competences/archives/index.md", "titre: Archives et mémoire des services",
                               "titre: Archives des services"), None),
    "gabarit": (lambda k: _edit(k, "overrides/legs/fiche.html", "{% block legs_content %}",
                                "{% block legs_content %}<!-- gabarit modifié -->"), None),
    "configuration": (lambda k: _edit(k, "mkdocs.yml", "site_name:", "site_name: Essai —"), None),
}


@pytest.mark.parametrize("kind", list(CHANGES))
def test_a_rebuild_after_a_change_is_the_build_without_cache(kit: Path, tmp_path: Path, kind: str) -> None:
    change, rendered = CHANGES[kind]
    change(kit)
    reused, total = _build(kit, tmp_path / "avec-cache")
    _build(kit, tmp_path / "sans-cache", use_cache=False)
    assert _files(tmp_path / "avec-cache") == _files(tmp_path / "sans-cache")
    if rendered is None:  # the change shows on pages of several records, or on all of them
        assert reused < total - 1
    else:
        assert reused == total - rendered


def test_an_unchanged_site_is_rebuilt_from_the_cache_alone(kit: Path, tmp_path: Path) -> None:
    reused, total = _build(kit, tmp_path / "seconde")
    assert reused == total
    assert _files(tmp_path / "seconde") == _files(tmp_path / "premiere")


def test_a_rebuild_in_the_same_folder_writes_only_what_changed(tmp_path: Path) -> None:
    """The folder of the last build is kept: unchanged pages and index lots stay as they were
    written, and the folder ends as a clean build writes it (files it did not write are gone)."""
    kit, site, small_lots = copy_kit(tmp_path / "depot"), tmp_path / "site", {"LEGS_RECHERCHE_LOT": "10"}
    _build(kit, site, env=small_lots)
    changed, untouched = "competences/archives/preparer-un-versement/index.html", "competences/archives/index.html"
    by_hand = site / "competences/archives/trier-et-eliminer-les-dossiers/index.html"
    by_hand.write_text("<p>Modifiée à la main</p>", encoding="utf-8")
    (site / "competences/ancienne-fiche").mkdir()
    (site / "competences/ancienne-fiche/index.html").write_text("<p>Page retirée</p>", encoding="utf-8")
    written = {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    CHANGES["fiche"][0](kit)
    reused, total = _build(kit, site, env=small_lots)
    _build(kit, tmp_path / "sans-cache", use_cache=False, env=small_lots)
    assert reused == total - 1
    assert _files(site) == _files(tmp_path / "sans-cache")
    assert not (site / "competences/ancienne-fiche").exists()
    left = {path for path, time in written.items() if (site / path).is_file() and (site / path).stat().st_mtime_ns == time}
    assert untouched in left and changed not in left and by_hand.relative_to(site).as_posix() not in left
    lots = {p.parent.name for p in site.glob("pagefind*/pagefind-entry.json")}
    kept = {lot for lot in lots if all(p in left for p in written if p.startswith(lot + "/"))}
    assert len(lots) > 2 and kept and kept != lots  # the lot holding the changed record was written again


def test_a_cache_brought_by_a_proposal_is_refused(kit: Path, tmp_path: Path) -> None:
    """Anyone can compute the name of a page's cache entry from the repository: a proposal that
    adds its own .cache/ (git add -f) would have its HTML published as it is, unescaped. The
    validator and the build refuse such a repository (LG609); nothing forged is published."""
    forged = b"<script>alert('legs')</script>"
    entries = list((kit / cache.FOLDER / "interne" / "pages").glob("??/*"))
    assert entries
    for entry in entries:  # the same length: every entry still reads as a page
        data = entry.read_bytes()
        entry.write_bytes(forged + data[len(forged):])
    git_add_forced(kit, ".cache")
    validated = run_legs(kit, "valider")
    assert validated.returncode == 1 and " LG609 " in validated.stdout and ".cache/construction" in validated.stdout
    built = run_legs(kit, "construire", "--dossier", str(tmp_path / "site"), env=FAST)
    assert built.returncode == 1 and "LG609" in built.stdout + built.stderr
    assert "Traceback" not in built.stderr
    published = [p for p in (tmp_path / "site").rglob("*") if p.is_file() and forged in p.read_bytes()]
    assert published == []


def test_a_withdrawn_person_leaves_nothing_in_the_cache(kit: Path, tmp_path: Path) -> None:
    assert "Gilles Fontaine" in _cached_text(kit / cache.FOLDER)
    _edit(kit, "competences/personnes.yml", "  - id: gfontaine\n    nom: Gilles Fontaine\n"
          "    courriel: gilles.fontaine@val-d-orne.gouv.example.fr\n", "  - id: gfontaine\n    retrait: true\n")
    _build(kit, tmp_path / "apres-retrait")
    _build(kit, tmp_path / "sans-cache", use_cache=False)
    assert _files(tmp_path / "apres-retrait") == _files(tmp_path / "sans-cache")
    left = _cached_text(kit / cache.FOLDER)
    assert "Gilles Fontaine" not in left and "gilles.fontaine" not in left


def test_the_public_site_has_its_own_cache_without_internal_records(kit: Path, tmp_path: Path) -> None:
    _build(kit, tmp_path / "publique", profile="publique")
    _build(kit, tmp_path / "publique-sans-cache", profile="publique", use_cache=False)
    assert _files(tmp_path / "publique") == _files(tmp_path / "publique-sans-cache")
    # A sentence of an internal record of the example: in the internal cache, never in the public one.
    sentence = "parce que nous payons à l’heure"
    assert sentence in _cached_text(kit / cache.FOLDER / "interne")
    public = _cached_text(kit / cache.FOLDER / "publique")
    assert "Préparer un versement aux archives" in public and sentence not in public


def test_a_build_that_warned_keeps_nothing_new(kit: Path, tmp_path: Path) -> None:
    """A strict build that fails on a warning must fail again: nothing of it is reused."""
    _edit(kit, "mkdocs.yml", "site_name:", "validation:\n  anchors: warn\nsite_name:")
    _edit(kit, "competences/archives/preparer-un-versement.md", "## Contexte\n",
          "## Contexte\n\nVoir [la section absente](trier-et-eliminer-les-dossiers.md#nulle-part).\n")
    env = {**FAST, "LEGS_CACHE": "true"}
    first = run_legs(kit, "construire", "--dossier", str(tmp_path / "a"), env=env)
    second = run_legs(kit, "construire", "--dossier", str(tmp_path / "b"), env=env)
    assert first.returncode != 0 and second.returncode != 0
    # Neither may leave its folder in place for the next build.
    assert not (kit / cache.FOLDER / "interne" / output.MANIFEST).exists()
    assert "nulle-part" in first.stdout + first.stderr and "nulle-part" in second.stdout + second.stderr


def test_the_code_fingerprint_follows_every_file(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    before = cache.code_fingerprint(tmp_path)
    (tmp_path / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert cache.code_fingerprint(tmp_path) != before


def test_the_build_key_covers_the_whole_kit_package() -> None:
    """Pages depend on every module of the kit (content, rules, pages…), not only on the plugin's own folder."""
    import legs
    from legs.site import plugin

    assert plugin.KIT_CODE == Path(legs.__file__).resolve().parent
