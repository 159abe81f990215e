"""Contributing without the form: the command line, the review workflow, CODEOWNERS, CI files."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import ROOT, run_legs
from test_rules import repo  # noqa: F401  (fixture)

ANSWERS = {
    "--cercle": "essai", "--titre": "Préparer le versement annuel", "--auteur": "gfontaine",
    "--resume": "Les étapes pour préparer le versement annuel des dossiers clos : « sans stress ».",
    "--metier": "archiviste", "--versant": "État", "--organisation": "prefecture-val-d-orne",
    "--competences": "classement-versement, tri-eliminations", "--types-savoir": "savoir-faire",
    "--criticite": "forte", "--rarete": "peu courante", "--visibilite": "publique",
    "--contexte": "Chaque année, en janvier : 40 mètres linéaires.", "--situations-cles": "Un déménagement.",
    "--pas-a-pas": "1. Lister les dossiers clos.\n2. Remplir le bordereau.", "--pieges-et-astuces": "Ne rien oublier.",
    "--ressources": "Code du patrimoine, article L212-2.", "--qui-solliciter": "@slaurent, référente du cercle.",
}


def test_new_record_with_options_writes_a_record_that_validates(repo: Path) -> None:  # noqa: F811
    args = [part for option, value in ANSWERS.items() for part in (option, value)]
    result = run_legs(repo, "nouvelle-fiche", "--sans-questions", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    written = repo / "competences/essai/preparer-le-versement-annuel.md"
    assert written.exists()
    assert "statut: brouillon" in written.read_text(encoding="utf-8")
    assert run_legs(repo, "valider", str(written)).returncode == 0


def test_new_record_says_which_answers_are_missing(repo: Path) -> None:  # noqa: F811
    result = run_legs(repo, "nouvelle-fiche", "--sans-questions", "--cercle", "essai")
    assert result.returncode == 2
    assert "il manque --titre" in result.stderr and "Traceback" not in result.stderr


def test_codeowners_follows_the_circles_referents(repo: Path) -> None:  # noqa: F811
    assert run_legs(repo, "codeowners", "--ecrire").returncode == 0
    text = (repo / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/competences/essai/ @sophie-laurent" in text
    assert run_legs(repo, "valider").returncode == 0
    # The circle changes référent: CODEOWNERS is now out of date, and the validator says so.
    index = repo / "competences/essai/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("referents: [slaurent]", "referents: [aleroux]"), encoding="utf-8")
    record = repo / "competences/essai/tri.md"
    record.write_text(record.read_text(encoding="utf-8").replace("relecteur: slaurent", "relecteur: aleroux"), encoding="utf-8")
    result = run_legs(repo, "valider")
    assert result.returncode == 1 and "CODEOWNERS:1: LG606" in result.stdout
    run_legs(repo, "codeowners", "--ecrire", check=True)
    assert "/competences/essai/ @anne-leroux" in (repo / "CODEOWNERS").read_text(encoding="utf-8")


def test_the_repository_codeowners_is_up_to_date() -> None:
    result = run_legs(ROOT, "codeowners")
    assert result.stdout == (ROOT / "CODEOWNERS").read_text(encoding="utf-8")


def test_gitlab_report_points_at_lines(repo: Path) -> None:  # noqa: F811
    record = repo / "competences/essai/tri.md"
    record.write_text(record.read_text(encoding="utf-8").replace("versant: État", "versant: Etat"), encoding="utf-8")
    report = json.loads(run_legs(repo, "valider", "--format", "gitlab").stdout)
    assert report[0]["location"] == {"path": "competences/essai/tri.md", "lines": {"begin": 6}}
    assert report[0]["check_name"] == "LG215"


def test_ci_files_run_the_validator_and_the_strict_build() -> None:
    github = yaml.safe_load((ROOT / ".github/workflows/verifier.yml").read_text(encoding="utf-8"))
    steps = " ".join(str(step.get("run", "")) for step in github["jobs"]["verifier"]["steps"])
    assert "legs valider --format github" in steps and "legs construire" in steps
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "codequality" in gitlab["verifier"]["artifacts"]["reports"]
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"].endswith("legs valider")


# --- The form's rules come from the validator's ------------------------------------------

def test_the_form_rules_are_the_validators(repo: Path) -> None:  # noqa: F811
    from legs import corpus as corpus_module
    from legs.content.model import SECTIONS
    from legs.content.settings import Settings
    from legs.rules.export import form_rules
    from legs.rules.front_matter import schema

    loaded = corpus_module.load(Settings.load(repo), parallel=False)
    rules = form_rules(loaded)
    properties = schema("fiche")["properties"]
    for key in ("titre", "resume", "service"):
        assert rules["champs"][key]["maxLength"] == properties[key]["maxLength"]
        assert rules["champs"][key]["minLength"] == properties[key]["minLength"]
    assert rules["champs"]["competences"]["maxItems"] == properties["competences"]["maxItems"]
    assert rules["champs"]["competences"]["items"]["enum"] == sorted(loaded.vocab.competences)
    assert rules["champs"]["rarete"]["enum"] == properties["rarete"]["enum"]
    assert rules["champs"]["auteur"]["pattern"] == schema("fiche")["$defs"]["personne"]["pattern"]
    assert set(k for k, f in rules["champs"].items() if f["requis"]) == set(schema("fiche")["required"]) - {"statut"}
    assert rules["sections"] == list(SECTIONS)
    assert rules["cercles"] == ["essai"] and "competences/essai/index.md" in rules["pages"]


def test_no_rule_is_written_in_the_script() -> None:
    script = (ROOT / "docs/assets/javascripts/proposer.js").read_text(encoding="utf-8")
    import re

    # Limits, identifier patterns, section names, vocabularies, link schemes: all from #legs-regles.
    assert not re.search(r"\b(5|20|120|300)\b", script)
    for hard_coded in ("^[a-z0-9]+(", "Contexte", "Situations clés", "archiviste", "javascript", "État"):
        assert hard_coded not in script, hard_coded


def test_the_rules_are_escaped_for_the_script_element(repo: Path, monkeypatch) -> None:  # noqa: F811
    from legs import corpus as corpus_module
    from legs.content.settings import Settings
    from legs.pages import contribution

    loaded = corpus_module.load(Settings.load(repo), parallel=False)
    monkeypatch.setattr(contribution, "form_rules", lambda corpus: {"pages": ["</script><script>alert(1)</script>&"]})
    page = contribution.form_html(loaded, {"type": "aucune", "url": "", "branche": "main"})
    start = page.index('<script type="application/json" id="legs-regles">')
    element = page[start:page.index("</script>", start)]
    assert "<script>" not in element[10:] and "\\u003c/script\\u003e" in element
