"""Crafted files never crash, hang or exhaust the validator, and nothing is silently lost."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import run_legs
from legs.content import strictyaml
from test_rules import RECORD, repo  # noqa: F401  (fixture)

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" + "".join(
    f"{chr(99 + i)}: &{chr(99 + i)} [{', '.join(['*' + chr(98 + i)] * 9)}]\n" for i in range(8))


def test_duplicate_keys_are_reported_and_the_first_value_is_kept() -> None:
    doc = strictyaml.load("statut: relue\ntitre: x\nstatut: publiée\n")
    assert doc.data["statut"] == "relue"
    assert doc.duplicates == [("statut", 3, 1)]


def test_aliases_are_refused_before_anything_is_expanded() -> None:
    started = time.perf_counter()
    with pytest.raises(strictyaml.YamlError) as error:
        strictyaml.load(BILLION_LAUGHS)
    assert error.value.kind == "anchor" and error.value.line == 1
    assert time.perf_counter() - started < 5  # a guard against a hang, not a benchmark


def test_dates_stay_text_so_impossible_dates_do_not_crash() -> None:
    assert strictyaml.load("d: 2026-02-30\n").data == {"d": "2026-02-30"}


@pytest.mark.parametrize("text, kind", [
    ("a: " + "[" * 5000 + "]" * 5000, "depth"),
    ("a: !!python/object/apply:os.system [ls]", "tag"),
    ("<<: {a: 1}", "tag"),
    ("a: 'unterminated", "syntax"),
    ("a: 1\n---\nb: 2\n", "syntax"),
])
def test_hostile_yaml_becomes_a_clean_error(text: str, kind: str) -> None:
    with pytest.raises(strictyaml.YamlError) as error:
        strictyaml.load(text)
    assert error.value.kind == kind


@pytest.mark.parametrize("content", [
    b"\x00\xff\xfe" * 1000,
    b"---\n" + b"a: [" * 3000 + b"\n---\n",
    b"---\n" + BILLION_LAUGHS.encode() + b"---\n",
    b"---\ntitre: " + b"x" * 500_000 + b"\n---\n",
    "---\ntitre: {{ 7 * 7 }}\n---\n{% for x in range(10**9) %}{% endfor %}".encode(),
    b"\xef\xbb\xbf---\r\ntitre: ok\r\n---\r\n\r\n## Contexte\r\n",
])
def test_crafted_files_give_french_messages_and_no_traceback(repo: Path, content: bytes) -> None:  # noqa: F811
    path = repo / "competences" / "essai" / "piege.md"
    path.write_bytes(content)
    result = run_legs(repo, "valider", "--format", "json", str(path))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    report = json.loads(result.stdout)
    assert report["erreurs"] >= 1
    assert all(p["chemin"] == "competences/essai/piege.md" and p["ligne"] >= 1 for p in report["problemes"])


def test_bom_and_windows_line_endings_are_accepted(repo: Path) -> None:  # noqa: F811
    path = repo / "competences" / "essai" / "tri.md"
    path.write_bytes(b"\xef\xbb\xbf" + RECORD.replace("\n", "\r\n").encode("utf-8"))
    result = run_legs(repo, "valider", str(path))
    assert result.returncode == 0, result.stdout


def test_large_corpora_checked_in_parallel_get_the_same_problems(kit: Path, monkeypatch) -> None:
    """On a large corpus the texts are checked in worker processes: nothing may differ or be lost."""
    from legs import corpus
    from legs.content.settings import Settings

    folder = kit / "competences" / "archives"
    text = (folder / "preparer-un-versement.md").read_text(encoding="utf-8")
    faults = {
        "html": text.replace("## Contexte\n", "## Contexte\n\n<script>alert(1)</script>\n", 1),
        "section": text.replace("## Ressources", "## Autres ressources", 1),
        "lien": text + "\nVoir [la fiche](../nulle-part/absente.md).\n",
        "mention": text + "\nDemander à @personne-inconnue ou à Anne Leroux.\n",
        "entete": text.replace("titre:", "titre: [", 1),
    }
    for name, faulty in faults.items():
        (folder / f"copie-{name}.md").write_text(faulty, encoding="utf-8")
    settings = Settings.load(kit)
    serial = corpus.load(settings).problems
    monkeypatch.setattr(corpus, "PARALLEL_FROM", 1)
    parallel = corpus.load(settings).problems
    assert parallel == serial
    codes = {p.code for p in serial if p.path.startswith("competences/archives/copie-")}
    # Front matter, raw HTML, broken link, unknown mention, name in clear, missing section.
    assert {"LG201", "LG501", "LG404", "LG301", "LG406", "LG401"} <= codes
