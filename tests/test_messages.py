"""The validator's messages: one clear message per mistake, naming the fix (issue 12)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_legs
from test_rules import problems_of, record, repo  # noqa: F401  (fixture)


def found(root: Path) -> list[tuple[int, str, str]]:
    return [(p.line, p.code, p.message) for p in problems_of(root)]


def test_a_misspelt_key_is_one_message_that_suggests_the_key(repo: Path) -> None:  # noqa: F811
    record("titre: Trier", "titr: Trier")(repo)
    assert found(repo) == [(2, "LG207", "la clé « titr » n'est pas prévue : vouliez-vous dire « titre » ? "
                                        "Écrivez « titre: » au début de la ligne.")]


def test_a_key_with_accents_or_capitals_is_recognised(repo: Path) -> None:  # noqa: F811
    record("resume: Une", "Résumé: Une")(repo)
    [(line, code, message)] = found(repo)
    assert (line, code) == (3, "LG207") and "vouliez-vous dire « resume » ?" in message


def test_an_unknown_key_far_from_any_lists_the_possible_keys(repo: Path) -> None:  # noqa: F811
    record("visibilite: publique\n", "visibilite: publique\ncouleur: bleu\n")(repo)
    [(_, code, message)] = found(repo)
    assert code == "LG207" and "clés possibles : auteur, competences" in message


def test_a_tab_is_named_as_a_tab_at_its_line(repo: Path) -> None:  # noqa: F811
    record("service: Bureau", "\tservice: Bureau")(repo)
    [(line, code, message)] = found(repo)
    assert (line, code) == (8, "LG213")
    assert "tabulation" in message and "espaces" in message


@pytest.mark.parametrize("written", ["12/03/2025", "12-03-2025", "12.03.2025"])
def test_a_french_date_gets_one_message_with_the_converted_date(repo: Path, written: str) -> None:  # noqa: F811
    record("date_creation: 2025-11-04", f"date_creation: {written}")(repo)
    assert found(repo) == [(16, "LG214", f"la date « {written} » de « date_creation » est écrite à la française : "
                                         "écrivez « date_creation: 2025-03-12 » (année-mois-jour).")]


def test_a_french_date_that_does_not_exist_says_so_once(repo: Path) -> None:  # noqa: F811
    record("date_creation: 2025-11-04", "date_creation: 31/02/2025")(repo)
    [(line, code, message)] = found(repo)
    assert (line, code) == (16, "LG211") and "n'existe pas" in message


@pytest.mark.parametrize("written", ["Etat", "etat", "ÉTAT", "ETAT"])
def test_etat_is_recognised_as_état(repo: Path, written: str) -> None:  # noqa: F811
    record("versant: État", f"versant: {written}")(repo)
    # One message: not also « versant incohérent » with the organisation (LG309).
    assert found(repo) == [(6, "LG215", f"« {written} » est reconnu comme « État » pour « versant » : "
                                        "écrivez exactement « État » (les accents et les majuscules comptent).")]


def test_a_close_value_is_suggested(repo: Path) -> None:  # noqa: F811
    record("statut: publiée", "statut: publié")(repo)
    [(line, code, message)] = found(repo)
    assert (line, code) == (13, "LG209") and "(vouliez-vous dire « publiée » ?)" in message


@pytest.mark.parametrize("key, old, name, written", [
    ("auteur", "auteur: gfontaine", "Anne Leroux", "auteur: aleroux"),
    ("auteur", "auteur: gfontaine", "anne.leroux@ddt-val-d-orne.example.fr", "auteur: aleroux"),
    ("successeurs", "successeurs: [ogautier]", "Anne Leroux", "successeurs: [ogautier, aleroux]"),
])
def test_a_name_instead_of_a_person_id_suggests_the_id(repo: Path, key: str, old: str, name: str, written: str) -> None:  # noqa: F811
    new = f"successeurs: [ogautier, {name}]" if key == "successeurs" else f"{key}: {name}"
    record(old, new)(repo)
    problems = found(repo)
    # One message: not also the format (LG210), the unknown person (LG301) nor the name in clear (LG406).
    assert [code for _, code, _ in problems] == ["LG216"], problems
    assert f"écrivez son identifiant du registre, « {written} »" in problems[0][2]


def test_a_name_as_reviewer_is_one_message(repo: Path) -> None:  # noqa: F811
    record("relecteur: slaurent", "relecteur: Sophie Laurent")(repo)
    assert [(line, code) for line, code, _ in found(repo)] == [(14, "LG216")]


@pytest.mark.parametrize("old, new, written", [
    ("metier: archiviste", "metier: Gestionnaire de paie", "metier: gestionnaire-paie"),
    ("organisation: prefecture-val-d-orne", "organisation: Préfecture du Val-d'Orne", "organisation: prefecture-val-d-orne"),
    ("competences: [tri-eliminations]", "competences: [Rédiger un dossier de consultation des entreprises]",
     "competences: [redaction-dce]"),
])
def test_a_label_instead_of_an_id_suggests_the_id(repo: Path, old: str, new: str, written: str) -> None:  # noqa: F811
    record(old, new)(repo)
    problems = found(repo)
    assert [code for _, code, _ in problems] == ["LG217"], problems
    assert problems[0][2].endswith(f"écrivez l'identifiant, « {written} ».")


def test_a_label_as_circle_domain_suggests_the_id(repo: Path) -> None:  # noqa: F811
    path = repo / "competences/essai/index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("domaine: archives", "domaine: Archives"), encoding="utf-8")
    problems = [(p.path, p.code, p.message) for p in problems_of(repo)]
    assert [code for _, code, _ in problems] == ["LG217"], problems
    assert "« domaine: archives »" in problems[0][2]


@pytest.mark.parametrize("written, section", [
    ("Situations clefs", "Situations clés"),
    ("Situation clé", "Situations clés"),
    ("Piège et astuce", "Pièges et astuces"),
    ("Pas-à-pas", "Pas à pas"),
    ("Resources", "Ressources"),
    ("Qui soliciter", "Qui solliciter"),
    ("Context", "Contexte"),
])
def test_a_misspelt_section_heading_names_the_right_one(repo: Path, written: str, section: str) -> None:  # noqa: F811
    record(f"## {section}\n", f"## {written}\n")(repo)
    problems = found(repo)
    # One message: not also « la section manque » (LG401) nor « est vide » (LG402).
    assert [code for _, code, _ in problems] == ["LG409"], problems
    assert problems[0][2] == f"le titre « ## {written} » désigne la section « ## {section} » : écrivez exactement « ## {section} »."


def test_an_unknown_heading_lists_the_sections_and_suggests_a_subheading(repo: Path) -> None:  # noqa: F811
    record("## Ressources\n", "## Annexe\nUn tableau des durées.\n\n## Ressources\n")(repo)
    [(line, code, message)] = found(repo)
    assert (line, code) == (33, "LG410")
    assert "« ## Contexte », « ## Situations clés », « ## Pas à pas »" in message
    assert "sous un sous-titre « ### Annexe »" in message


def test_a_subheading_is_accepted(repo: Path) -> None:  # noqa: F811
    record("## Ressources\n", "### Annexe\nUn tableau des durées.\n\n## Ressources\n")(repo)
    assert found(repo) == []


def test_swapped_sections_give_the_expected_order(repo: Path) -> None:  # noqa: F811
    record("## Pas à pas\n1. Relire le tableau de gestion.\n\n## Pièges et astuces\nNe rien jeter sans visa.\n",
           "## Pièges et astuces\nNe rien jeter sans visa.\n\n## Pas à pas\n1. Relire le tableau de gestion.\n")(repo)
    [(line, code, message)] = found(repo)
    assert (line, code) == (30, "LG411")
    assert message.startswith("la section « ## Pas à pas » est placée après « ## Pièges et astuces » : remettez les "
                              "sections dans l'ordre « ## Contexte », « ## Situations clés », « ## Pas à pas »")


# The command line: French errors, and no traceback when the output is cut short.

@pytest.mark.parametrize("args, expected", [
    (("--inconnue",), "arguments inconnus : --inconnue"),
    (("valider", "--format", "xml"), "argument --format : choix impossible : « xml » (choisissez parmi « texte »"),
    (("valider", "--format"), "argument --format : une valeur est attendue"),
    (("valider", "--erreurs-seulement=oui"), "valeur « oui » inattendue"),
    (("valdier",), "choix impossible : « valdier » (choisissez parmi « valider »"),
    (("bench", "--tailles", "beaucoup"), "« beaucoup » n'est pas une liste de nombres"),
    (("apparier", "--distance-max", "loin"), "« loin » n'est pas un nombre"),
    (("construire", "--profil", "prive"), "choix impossible : « prive »"),
])
def test_every_option_error_is_french(repo: Path, args: tuple, expected: str) -> None:  # noqa: F811
    result = run_legs(repo, *args)
    assert result.returncode == 2, result
    assert expected in result.stderr, result.stderr
    for english in ("usage:", "error:", "invalid", "expected", "argument required", "choose from", "unrecognized", "Traceback"):
        assert english not in result.stderr, result.stderr


def test_help_has_no_english_left(repo: Path) -> None:  # noqa: F811
    for args in (("--help",), ("valider", "--help"), ("bench", "--help"), ("apparier", "--help")):
        out = run_legs(repo, *args).stdout
        assert out.startswith("Utilisation : ")
        for english in ("usage:", "show this help", "positional arguments", "options:"):
            assert english not in out, (args, out)


def test_the_parsers_leave_argparse_in_english_for_others() -> None:
    import argparse

    from legs import cli

    with pytest.raises(SystemExit):
        cli.main(["--inconnue"])
    assert argparse._("usage: ") == "usage: "


def _many_problems(repo: Path) -> None:
    for number in range(400):
        (repo / f"competences/essai/fiche-{number}.md").write_text("---\ntitr: x\n---\n## Annexe\n", encoding="utf-8")


@pytest.mark.parametrize("args", [("valider",), ("valider", "--format", "json"), ("--help",)])
def test_piping_into_head_prints_no_traceback(repo: Path, args: tuple) -> None:  # noqa: F811
    _many_problems(repo)
    command = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "legs.cli", "--depot", str(repo), *args))
    result = subprocess.run(f"{command} | head -1", shell=True, capture_output=True, text=True, cwd=repo, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")})
    assert result.stdout.count("\n") == 1, result.stdout[:200]
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr, result.stderr


def test_a_build_speaks_french_from_start_to_end(tmp_path: Path) -> None:
    """MkDocs' own lines (cleaning, building, time taken) are said in French, and the macros
    plugin's description of its own setup is left out."""
    result = run_legs(ROOT, "construire", "--dossier", str(tmp_path / "site"), env={"LEGS_PDF": "false"}, check=True)
    output = result.stdout + result.stderr
    assert "Nettoyage du dossier du site" in output and f"Construction du site dans le dossier {tmp_path / 'site'}" in output
    assert re.search(r"Site construit en \d+,\d\d s", output), output
    for english in ("Cleaning", "Building documentation", "Documentation built", "[macros]", "Found local Python module"):
        assert english not in output, english
