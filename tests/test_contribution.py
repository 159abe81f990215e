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
