"""Each validation rule: a file that passes, a file that fails with the rule's code and line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import TODAY, git_add_forced, minimal_repo
from legs.content.settings import Settings
from legs.corpus.validate import validate
from legs.rules import all_rules

CIRCLE = """---
titre: Cercle d'essai
resume: Un cercle qui sert aux tests du validateur du kit.
domaine: archives
versants: [État]
referents: [slaurent]
rythme: Une séance par mois
format: Atelier de deux heures
rejoindre: Écrire à @slaurent.
---

Le cercle d'essai réunit les archivistes.
"""

RECORD = """---
titre: Trier les dossiers avant élimination
resume: Une méthode pour trier les dossiers d'un service et préparer leur élimination.
auteur: gfontaine
metier: archiviste
versant: État
organisation: prefecture-val-d-orne
service: Bureau du courrier et des archives
competences: [tri-eliminations]
types_savoir: [savoir-faire]
criticite: forte
rarete: rare
statut: publiée
relecteur: slaurent
date_relecture: 2026-03-12
date_creation: 2025-11-04
successeurs: [ogautier]
visibilite: publique
---

## Contexte
Le service garde trop de dossiers. Voir aussi [le cercle](index.md).

## Situations clés
Un déménagement, une armoire pleine.

## Pas à pas
1. Relire le tableau de gestion.

## Pièges et astuces
Ne rien jeter sans visa.

## Ressources
Code du patrimoine, article L212-2.

## Qui solliciter
@slaurent, référente du cercle.
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The smallest valid repository: the example vocabularies, one circle, one record."""
    return minimal_repo(tmp_path / "depot", CIRCLE, RECORD)


def problems_of(root: Path):
    return validate(Settings.from_options(root, {}), today=TODAY).problems


@dataclass
class Case:
    code: str
    line: int
    change: Callable[[Path], None]
    path: str = "competences/essai/tri.md"
    named: str = ""  # a file named on the command line (legs valider CHEMIN), relative to the repository


def record(old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / "competences/essai/tri.md"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def circle(old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / "competences/essai/index.md"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return change


def write(relative: str, content: bytes | str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return change


def draft_neighbour(root: Path) -> None:
    text = RECORD.replace("statut: publiée", "statut: brouillon")
    (root / "competences/essai/brouillon.md").write_text(text, encoding="utf-8")
    record("[le cercle](index.md)", "[le brouillon](brouillon.md)")(root)


CASES = [
    Case("LG101", 1, record("## Contexte\n", "## Contexte\n" + "Un texte très long. " * 12000 + "\n")),
    Case("LG102", 22, lambda root: (root / "competences/essai/tri.md").write_bytes(
        RECORD.encode("utf-8").replace("Le service garde".encode(), b"Le caf\xe9 garde"))),
    Case("LG103", 1, record("---\ntitre", "titre")),
    Case("LG104", 1, record("visibilite: publique\n---\n", "visibilite: publique\n")),
    Case("LG105", 1, write("competences/essai/script.js", "alert(1)"), path="competences/essai/script.js"),
    Case("LG106", 1, lambda root: (root / "competences/essai/plan.png").symlink_to("/etc/passwd"), path="competences/essai/plan.png"),
    Case("LG107", 1, lambda root: __import__("os").mkfifo(root / "competences/essai/tube.md"), path="competences/essai/tube.md"),
    Case("LG108", 1, lambda root: (root / "competences/essai/fiche.md").mkdir(), path="competences/essai/fiche.md"),
    Case("LG109", 1, write("competences/essai/Fiche Été.md", RECORD), path="competences/essai/Fiche Été.md"),
    Case("LG110", 1, write("competences/essai/images/plan.png", b"png"), path="competences/essai/images"),
    Case("LG111", 1, write("../hors.md", RECORD), path="../hors.md", named="../hors.md"),
    Case("LG201", 3, record("resume: Une méthode", "resume: Une méthode: trier")),
    Case("LG202", 19, record("visibilite: publique\n", "visibilite: publique\nstatut: brouillon\n")),
    Case("LG203", 9, record("competences: [tri-eliminations]", "competences: &c [tri-eliminations]\nautres: *c")),
    Case("LG204", 2, record("titre: Trier", "titre: !!python/object/apply:os.system Trier")),
    Case("LG205", 2, write("competences/essai/tri.md", "---\n- titre\n- resume\n---\n\n## Contexte\n")),
    Case("LG206", 1, record("metier: archiviste\n", "")),
    Case("LG207", 19, record("visibilite: publique\n", "visibilite: publique\ntitr: Une coquille\n")),
    Case("LG208", 9, record("competences: [tri-eliminations]", "competences: tri-eliminations")),
    Case("LG209", 6, record("versant: État", "versant: national")),
    Case("LG210", 4, record("auteur: gfontaine", "auteur: Gilles F")),
    Case("LG211", 16, record("date_creation: 2025-11-04", "date_creation: 2025-02-30")),
    Case("LG213", 8, record("service: Bureau", "\tservice: Bureau")),
    Case("LG214", 16, record("date_creation: 2025-11-04", "date_creation: 04/11/2025")),
    Case("LG215", 6, record("versant: État", "versant: Etat")),
    Case("LG216", 4, record("auteur: gfontaine", "auteur: Anne Leroux")),
    Case("LG217", 7, record("organisation: prefecture-val-d-orne", "organisation: Préfecture du Val-d'Orne")),
    Case("LG301", 17, record("successeurs: [ogautier]", "successeurs: [inconnu]")),
    Case("LG302", 9, record("[tri-eliminations]", "[tri-des-dossiers]")),
    Case("LG303", 5, record("metier: archiviste", "metier: archiviste-en-chef")),
    Case("LG304", 7, record("organisation: prefecture-val-d-orne", "organisation: prefecture")),
    Case("LG305", 6, circle("referents: [slaurent]", "referents: [slaurent, gfontaine]"), path="competences/essai/index.md"),
    Case("LG306", 1, write("competences/sans-cercle/fiche.md", RECORD), path="competences/sans-cercle/fiche.md"),
    Case("LG307", 4, circle("domaine: archives", "domaine: archivage"), path="competences/essai/index.md"),
    Case("LG308", 1, lambda root: (write("competences/autre/index.md", CIRCLE)(root), write("competences/autre/tri.md", RECORD)(root)),
         path="competences/essai/tri.md"),
    Case("LG309", 6, record("versant: État", "versant: territoriale")),
    Case("LG401", 20, record("## Ressources\nCode du patrimoine, article L212-2.\n\n", "")),
    Case("LG402", 33, record("Code du patrimoine, article L212-2.\n", "")),
    Case("LG403", 21, record("## Contexte\n", "# Mon savoir\n## Contexte\n")),
    Case("LG404", 22, record("(index.md)", "(inexistant.md)")),
    Case("LG405", 22, draft_neighbour),
    Case("LG406", 37, record("@slaurent, référente", "Sophie Laurent, référente")),
    Case("LG409", 24, record("## Situations clés", "## Situations clefs")),
    Case("LG410", 33, record("## Ressources\n", "## Annexe\nUn tableau des durées.\n\n## Ressources\n")),
    Case("LG411", 24, record("## Contexte\nLe service garde trop de dossiers. Voir aussi [le cercle](index.md).\n\n"
                             "## Situations clés\nUn déménagement, une armoire pleine.\n",
                             "## Situations clés\nUn déménagement, une armoire pleine.\n\n"
                             "## Contexte\nLe service garde trop de dossiers. Voir aussi [le cercle](index.md).\n")),
    Case("LG412", 30, record("## Pièges et astuces\n", "## Contexte\nUn second contexte.\n\n## Pièges et astuces\n")),
    Case("LG120", 5, write("mkdocs.yml", "site_name: Essai\nextra:\n  organisation:\n    couleurs:\n      principale: jaune\n"),
         path="mkdocs.yml"),
    Case("LG121", 3, write("mkdocs.yml", "site_name: Essai\n# Adresses en .html\nuse_directory_urls: false\n"), path="mkdocs.yml"),
    Case("LG501", 22, record("Le service garde", "Le <b>service</b> garde")),
    Case("LG502", 22, record("(index.md)", "(javascript:alert(1))")),
    Case("LG503", 22, record("(index.md)", "(https://www.legifrance.gouv.fr/)")),
    Case("LG504", 22, record("(index.md)", "(../../../../etc/passwd)")),
    Case("LG505", 22, record("Voir aussi", "![plan](https://exemple.fr/plan.png) Voir aussi")),
    Case("LG506", 19, record("visibilite: publique\n", "visibilite: publique\nrender_macros: true\n")),
    Case("LG507", 22, record("Le service garde", "Le service {{ config }} garde")),
    Case("LG212", 19, record("visibilite: publique\n", "visibilite: publique\n1: une clé qui est un nombre\n")),
    Case("LG407", 21, record("Le service garde", "[" * 400 + " Le service garde")),
    Case("LG408", 37, record("@slaurent, référente", "sophie.laurent@val-d-orne.example.fr, référente")),
    Case("LG508", 2, record("titre: Trier", "titre: Trier\u202e")),
    Case("LG509", 22, record("Le service garde", "Le \x1b[31mservice garde")),
    Case("LG510", 22, record("Le service garde", "Le ser\u00advice garde")),
    Case("LG601", 15, record("date_relecture: 2026-03-12\ndate_creation: 2025-11-04", "date_relecture: 2024-03-12\ndate_creation: 2023-11-04")),
    Case("LG602", 13, record("relecteur: slaurent\n", "")),
    Case("LG603", 14, record("relecteur: slaurent", "relecteur: aleroux")),
    Case("LG604", 15, record("date_relecture: 2026-03-12", "date_relecture: 2025-03-12")),
    Case("LG606", 1, write("CODEOWNERS", "/competences/essai/ @quelquun-d-autre\n"), path="CODEOWNERS"),
    Case("LG607", 1, write(".github/CODEOWNERS", "* @quelquun-d-autre\n"), path=".github/CODEOWNERS"),
    Case("LG609", 1, lambda root: (write(".cache/construction/interne/pages.json", "{}")(root), git_add_forced(root, ".cache")),
         path=".cache/construction/interne/pages.json"),
    Case("LG608", 2, write("mkdocs.yml", "site_name: Essai\nhooks:\n  - crochet.py\ntheme:\n  custom_dir: overrides\n"), path="mkdocs.yml"),
    Case("LG605", 14, lambda root: (circle("referents: [slaurent]", "referents: [slaurent, aleroux]")(root),
                                    record("auteur: gfontaine", "auteur: slaurent")(root))),
]


def test_the_minimal_repository_passes_every_rule(repo: Path) -> None:
    assert problems_of(repo) == []


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_rule_reports_its_code_and_line(repo: Path, case: Case) -> None:
    case.change(repo)
    if case.named:  # outside the repository, a file is shown by its absolute path
        named = Path(os.path.normpath(repo / case.named))
        problems = validate(Settings.from_options(repo, {}), [named], today=TODAY).problems
        expected = (str(named), case.line)
    else:
        problems, expected = problems_of(repo), (case.path, case.line)
    found = [(p.path, p.line) for p in problems if p.code == case.code]
    assert expected in found, [(p.path, p.line, p.code, p.message) for p in problems]


def test_every_rule_has_a_case_and_an_actionable_french_message() -> None:
    # LG529 (internal error) has no content that triggers it: tests/test_hostile_validator.py forces it.
    assert {c.code for c in CASES} | {"LG529"} == {r.code for r in all_rules()}
    for rule in all_rules():
        assert rule.good and rule.bad and rule.title
        assert ":" in rule.message, f"{rule.code} : le message doit dire quoi faire"
