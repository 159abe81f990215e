"""Editorial rules of the kit's own French text: inclusive writing, nested lists, survey sheet."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import yaml

ROOT = Path(__file__).resolve().parent.parent
# Kit wording only: records are contributors' words, docs/contribuer is generated help.
KIT_TEXT = [*sorted((ROOT / "docs/guide").glob("*.md")), *sorted((ROOT / "docs/kit").glob("*.md")),
            *sorted((ROOT / "docs/grilles").glob("*.yml")), ROOT / "docs/index.md",
            ROOT / "docs/accessibilite.md", *sorted((ROOT / "competences").glob("*/index.md")),
            ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "SECURITY.md", ROOT / "PERFORMANCES.md",
            *sorted((ROOT / "overrides").rglob("*.html"))]
MEDIAN_DOT = re.compile(r"\w·\w")
# « le ou la référente » reads « le référente »: a determiner doublet before a noun that changes.
CONTRACTED = re.compile(r"\b(le ou la|la ou le|un ou une|une ou un|son ou sa|du ou de la|au ou à la)\s+"
                        r"(\w+(?:ente|ante|trice|euse|ière|ienne|ive|ée))\b", re.IGNORECASE)
GLOSSARY_RULE = "## Règle d'écriture inclusive du kit"


def _offences(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if GLOSSARY_RULE in line or "« référent·e »" in line or "« le ou la" in line:
            continue  # the glossary quotes the forms it forbids
        found += [f"{path.relative_to(root)}:{number}: {m.group(0)}"
                  for m in (*MEDIAN_DOT.finditer(line), *CONTRACTED.finditer(line))]
    return found


def test_kit_text_has_no_median_dot_nor_contracted_doublet() -> None:
    offences = [o for path in KIT_TEXT if path.is_file() for o in _offences(path)]
    assert offences == []


def test_the_rule_catches_what_it_forbids(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("Relu par le ou la référente.\nDemandez à votre référent·e.\n"
                   "Avec le ou la N+1, pour le ou la joindre, le tuteur ou la tutrice.\n", encoding="utf-8")
    assert [o.split(": ", 1)[1] for o in _offences(bad, tmp_path)] == ["le ou la référente", "t·e"]


def test_the_glossary_states_the_rule_and_its_source() -> None:
    text = (ROOT / "docs/guide/glossaire.md").read_text(encoding="utf-8")
    assert GLOSSARY_RULE in text and "21 novembre 2017" in text


def test_nested_lists_of_the_guide_stay_nested() -> None:
    for path in sorted((ROOT / "docs/guide").glob("*.md")):
        source = path.read_text(encoding="utf-8")
        # Python-Markdown needs four spaces: three flatten the sub-list into its parent.
        assert not re.search(r"(?m)^ {1,3}[-*+] ", source), path.name
    html = markdown.markdown((ROOT / "docs/guide/phase-1-cadrage.md").read_text(encoding="utf-8"))
    steps = html[html.index("<ol>"):]
    assert re.search(r"<li>\s*<p><strong>Repérer les savoirs critiques.*?<ul>\s*<li>la <strong>criticité", steps, re.S)
    assert steps.count("<li>") >= 11  # nine steps, two nested items: nothing swallowed


def test_the_survey_sheet_has_not_applicable_an_overall_question_and_no_formula() -> None:
    grid = yaml.safe_load((ROOT / "docs/grilles/questionnaire-satisfaction.yml").read_text(encoding="utf-8"))
    scales = [e for s in grid["sections"] for e in s["elements"] if e["type"] == "echelle"]
    assert "Sans objet" in scales[0]["echelle"]
    assert any(q.startswith("Dans l'ensemble") for scale in scales for q in scale["questions"])
    assert "Taux de satisfaction" not in yaml.safe_dump(grid, allow_unicode=True)
    assert "Sans objet" in (ROOT / "docs/guide/phase-4-evaluation.md").read_text(encoding="utf-8")


def test_the_action_plan_names_know_how_successor_and_dates() -> None:
    grid = yaml.safe_load((ROOT / "docs/grilles/plan-action.yml").read_text(encoding="utf-8"))
    columns = [c for s in grid["sections"] for e in s["elements"] for c in e.get("colonnes", [])]
    assert {"Savoir-faire", "Qui le reprend", "Début", "Fin prévue"} <= set(columns)
    assert any("départ" in h for h in grid["en_tete"])
