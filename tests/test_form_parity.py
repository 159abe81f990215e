"""The form and the validator agree: the same wrong records are refused by both, the right one
is accepted by both, and what the form writes is what it reads back.

Two kinds of wrong input: answers typed in the form's fields (the validator then reads the
file the form would write), and a record pasted into « Reprendre une fiche existante » (the
validator reads the pasted record). The form refuses when its error list or its reopening
report is not empty; the validator refuses with the expected rule code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, minimal_repo, run_legs
from legs.content.settings import Settings
from legs.corpus.validate import validate
from test_rules import CIRCLE

VALID = {
    "#titre": "Préparer le versement annuel aux archives",
    "#resume": "Les étapes pour préparer le versement annuel des dossiers clos, sans qu'il soit refusé.",
    "#auteur": "gfontaine",
    "#service": "Bureau du courrier et des archives",
    "#date_creation": "2025-11-04",
    "#successeurs": "ogautier",
    "#section-0": "Chaque année, en janvier, le service verse ses dossiers clos : environ 40 mètres linéaires.",
    "#section-1": "Un déménagement, une armoire pleine, un départ en retraite.",
    "#section-2": "1. Lister les dossiers clos.\n2. Remplir le bordereau.\n3. Faire signer le chef de service.",
    "#section-3": "Ne rien verser sans avoir prévenu @slaurent un mois avant : « les boîtes manquent ».\n\n### Le bordereau\n\nEn deux exemplaires.",
    "#section-4": "Code du patrimoine, article L212-4. Voir `<bordereau>` et le [cercle](index.md).",
    "#section-5": "@slaurent, référente du cercle.",
}

# (case, fields to change, rule code the validator gives for the file the form writes)
TYPED = [
    ("titre manquant", {"#titre": ""}, "LG206"),
    ("titre trop long", {"#titre": "Préparer " * 14}, "LG210"),
    ("résumé trop court", {"#resume": "Trop court."}, "LG210"),
    ("identifiant mal formé", {"#auteur": "G.Fontaine!"}, "LG210"),
    ("successeur mal formé", {"#successeurs": "ogautier, Olivier Gautier"}, "LG210"),
    ("date qui n'existe pas", {"#date_creation": "2025-02-30"}, "LG211"),
    ("date à la française", {"#date_creation": "04/11/2025"}, "LG214"),
    ("date dans le futur", {"#date_creation": "2099-01-01"}, "LG211"),
    ("section vide", {"#section-3": "  "}, "LG402"),
    ("HTML brut", {"#section-0": "Pensez à <b>signer</b> le registre."}, "LG501"),
    ("code de gabarit", {"#section-2": "Le montant est {{ montant }} euros."}, "LG507"),
    ("lien externe", {"#section-4": "[Légifrance](https://www.legifrance.gouv.fr/)"}, "LG503"),
    ("image externe", {"#section-4": "![Plan](https://exemple.fr/plan.png)"}, "LG505"),
    ("lien qui sort du site", {"#section-4": "[Le règlement](../../../etc/passwd)"}, "LG504"),
    ("lien javascript", {"#section-4": "[Cliquez ici](javascript:alert(1))"}, "LG502"),
    ("lien vers une page absente", {"#section-4": "[La fiche](fiche-qui-n-existe-pas.md)"}, "LG404"),
    ("titre de section dans une section", {"#section-5": "@slaurent.\n\n## Contexte\n\nEncore."}, "LG412"),
    ("titre de niveau 1", {"#section-0": "# Mon savoir\n\nLe service verse ses dossiers."}, "LG403"),
    ("caractère invisible", {"#section-0": "Le service verse\u202e ses dossiers."}, "LG508"),
]


def _swap_first_sections(text: str) -> str:
    head, rest = text.split("## Contexte", 1)
    context, rest = rest.split("## Situations clés", 1)
    situations, rest = rest.split("## Pas à pas", 1)
    return head + "## Situations clés" + situations + "## Contexte" + context + "## Pas à pas" + rest


# (case, change to the valid record's text, rule code the validator gives for that text)
PASTED = [
    ("compétence inconnue", lambda t: t.replace("competences: [", "competences: [competence-inventee, "), "LG302"),
    ("métier inconnu", lambda t: t.replace("metier: archiviste", "metier: astronaute"), "LG303"),
    ("versant mal écrit", lambda t: t.replace("versant: État", "versant: Etat"), "LG215"),
    ("clé inconnue", lambda t: t.replace("visibilite:", "titr: Autre titre\nvisibilite:"), "LG207"),
    ("section manquante", lambda t: t.replace("## Ressources", "### Ressources"), "LG401"),
    ("section mal écrite", lambda t: t.replace("## Situations clés", "## Situations clefs"), "LG409"),
    ("sections dans le désordre", _swap_first_sections, "LG411"),
    ("section inconnue", lambda t: t.rstrip("\n") + "\n\n## Annexe\n\nUn tableau des délais.\n", "LG410"),
    ("section en double", lambda t: t.rstrip("\n") + "\n\n## Contexte\n\nEncore du contexte.\n", "LG412"),
    ("date inexistante", lambda t: t.replace("date_creation: 2025-11-04", "date_creation: 2025-02-30"), "LG211"),
]


def validator_codes(tmp_path: Path, text: str) -> set[str]:
    root = minimal_repo(tmp_path / "depot", CIRCLE, text)
    return {p.code for p in validate(Settings.from_options(root, {}), today=TODAY).problems}


def open_form(browser, url: str):
    page = browser.new_page()
    page.goto(url + "contribuer/proposer/")
    page.wait_for_selector("#legs-proposer[data-pret=oui]", state="attached")
    return page


def fill_valid(page, changes: dict | None = None) -> None:
    page.select_option("#cercle", "archives")
    page.select_option("#metier", "archiviste")
    page.check("input[name=versant][value='État']")
    page.select_option("#organisation", "prefecture-val-d-orne")
    page.check("#competences-classement-versement")
    page.check("#competences-tri-eliminations")
    page.check("input[name=types_savoir][value=savoir-faire]")
    page.select_option("#criticite", "forte")
    page.select_option("#rarete", "peu courante")
    page.check("input[name=visibilite][value=publique]")
    for selector, value in {**VALID, **(changes or {})}.items():
        page.fill(selector, value)


def submit(page) -> list[str]:
    """The form's verdict: the messages of its error list (empty: the file is ready)."""
    page.click("#legs-proposer button[type=submit]")
    page.wait_for_selector("#legs-proposer[data-etat=prete], #legs-proposer[data-etat=erreurs]", state="attached")
    return page.locator("#legs-erreurs li").all_text_contents()


def reopen(page, text: str) -> list[str]:
    page.click("#legs-reprendre summary")
    page.fill("#legs-reprise-texte", text)
    page.click("#legs-reprise-bouton")
    page.wait_for_selector("#legs-proposer[data-reprise]", state="attached")
    return page.locator("#legs-reprise-bilan li").all_text_contents()


@pytest.fixture(scope="module")
def valid_text(browser, site_url) -> str:
    page = open_form(browser, site_url)
    fill_valid(page)
    assert submit(page) == []
    text = page.text_content("#legs-apercu")
    assert text == page.evaluate("window.legsProposer.texte()")
    page.close()
    return text


def test_the_valid_record_is_accepted_by_both(valid_text: str, tmp_path: Path) -> None:
    root = minimal_repo(tmp_path / "depot", CIRCLE, valid_text)
    result = run_legs(root, "valider")
    assert result.returncode == 0, result.stdout
    assert "LG" not in result.stdout  # not even a warning
    assert "statut: brouillon" in valid_text and "date_creation: 2025-11-04" in valid_text


@pytest.mark.parametrize("changes, code", [c[1:] for c in TYPED], ids=[c[0] for c in TYPED])
def test_typed_mistakes_are_refused_by_both(browser, site_url, tmp_path: Path, changes: dict, code: str) -> None:
    page = open_form(browser, site_url)
    fill_valid(page, changes)
    errors = submit(page)
    assert errors, "le formulaire accepte ce que le validateur refuse"
    assert page.get_attribute("#legs-proposer", "data-etat") == "erreurs"
    assert not page.is_visible("#legs-resultat")
    written = page.evaluate("window.legsProposer.texte()")
    page.close()
    assert code in validator_codes(tmp_path, written), written


@pytest.mark.parametrize("change, code", [c[1:] for c in PASTED], ids=[c[0] for c in PASTED])
def test_pasted_mistakes_are_refused_by_both(browser, site_url, valid_text: str, tmp_path: Path, change, code: str) -> None:
    text = change(valid_text)
    assert text != valid_text
    assert code in validator_codes(tmp_path, text)
    page = open_form(browser, site_url)
    page.select_option("#cercle", "archives")
    points = reopen(page, text)
    page.close()
    # The reopening report names the problem; the fields then hold the text, fixed or flagged.
    assert points, "le formulaire accepte ce que le validateur refuse"


def test_what_the_form_writes_it_reads_back_unchanged(browser, site_url, valid_text: str) -> None:
    page = open_form(browser, site_url)
    page.select_option("#cercle", "archives")
    assert reopen(page, valid_text) == []
    assert page.get_attribute("#legs-proposer", "data-reprise-points") == "0"
    assert submit(page) == []
    assert page.text_content("#legs-apercu") == valid_text
    page.close()
