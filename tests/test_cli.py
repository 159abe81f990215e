"""The `legs` command as people and CI use it: messages, formats and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import run_legs
from test_rules import repo  # noqa: F401  (fixture)


def test_help_is_in_french_and_lists_the_commands(repo: Path) -> None:  # noqa: F811
    result = run_legs(repo, "--help")
    assert result.returncode == 0
    for word in ("Utilisation", "valider", "construire", "servir", "affiche cette aide"):
        assert word in result.stdout


def test_each_command_has_its_own_french_help(repo: Path) -> None:  # noqa: F811
    for command in ("valider", "construire", "servir", "nouvelle-fiche", "codeowners", "imprimer", "bench"):
        result = run_legs(repo, command, "--help")
        assert result.returncode == 0
        assert result.stdout.startswith(f"Utilisation : legs {command} "), result.stdout[:80]


def test_a_clean_repository_exits_0(repo: Path) -> None:  # noqa: F811
    result = run_legs(repo, "valider")
    assert result.returncode == 0, result.stdout
    assert "aucun problème" in result.stdout


def test_errors_exit_1_with_path_line_code_and_fix(repo: Path) -> None:  # noqa: F811
    path = repo / "competences/essai/tri.md"
    path.write_text(path.read_text(encoding="utf-8").replace("versant: État", "versant: Etat"), encoding="utf-8")
    result = run_legs(repo, "valider")
    assert result.returncode == 1
    assert "competences/essai/tri.md:6: LG215 « Etat » est reconnu comme « État » pour « versant » : écrivez exactement « État »" in result.stdout


def test_warnings_alone_exit_0(repo: Path) -> None:  # noqa: F811
    path = repo / "competences/essai/tri.md"
    path.write_text(path.read_text(encoding="utf-8").replace("[ogautier]", "[quelquun]"), encoding="utf-8")
    result = run_legs(repo, "valider")
    assert result.returncode == 0
    assert "LG301 (avertissement)" in result.stdout


def test_usage_errors_exit_2_in_french(repo: Path) -> None:  # noqa: F811
    for args in (("valider", "--format", "xml"), ("inconnue",), ("valider", "nulle-part.md")):
        result = run_legs(repo, *args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert any(w in result.stderr for w in ("choix impossible", "n'existe pas"))


def test_json_and_github_formats(repo: Path) -> None:  # noqa: F811
    path = repo / "competences/essai/tri.md"
    # Without its heading, the section's text belongs to the one above: « Pièges et astuces » is missing.
    path.write_text(path.read_text(encoding="utf-8").replace("## Pièges et astuces\n", ""), encoding="utf-8")
    report = json.loads(run_legs(repo, "valider", "--format", "json").stdout)
    assert report["erreurs"] == 1
    assert report["problemes"][0] | {"message": ""} == {"chemin": "competences/essai/tri.md", "ligne": 20, "code": "LG401",
                                                     "gravite": "erreur", "message": ""}
    github = run_legs(repo, "valider", "--format", "github").stdout
    assert github.startswith("::error file=competences/essai/tri.md,line=20,title=LG401::la section « ## Pièges et astuces » manque")


def test_only_the_given_files_are_reported(repo: Path) -> None:  # noqa: F811
    broken = repo / "competences/essai/autre.md"
    broken.write_text("pas d'en-tête", encoding="utf-8")
    assert run_legs(repo, "valider", str(repo / "competences/essai/tri.md")).returncode == 0
    assert run_legs(repo, "valider", str(broken)).returncode == 1


def test_bench_prints_one_table_with_every_figure() -> None:
    """A small run, so the benchmark keeps working; its figures are read, not judged."""
    from conftest import ROOT

    result = run_legs(ROOT, "bench", "--tailles", "30", check=True)
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Mesure | 30 fiches |"
    figures = {line.split(" | ")[0][2:]: line.split(" | ")[1].rstrip(" |") for line in rows[2:]}
    assert len(figures) == 16
    assert all(re.fullmatch(r"\d+(,\d+)?\u00a0(s|×|Mo|Ko|ms)", value) for value in figures.values()), figures
