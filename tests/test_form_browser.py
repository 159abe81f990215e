"""« Proposer une fiche » in a real browser: the file it produces passes the validator."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import build, copy_kit, run_legs, serve
from legs.contribution import forge_settings

SECTIONS_TEXT = {
    0: "Chaque année, en janvier, le service verse ses dossiers clos : environ 40 mètres linéaires.",
    1: "Un déménagement, une armoire pleine, un départ en retraite.",
    2: "1. Lister les dossiers clos.\n2. Remplir le bordereau.\n3. Faire signer le chef de service.",
    3: "Ne rien verser sans avoir prévenu @slaurent un mois avant : « les boîtes manquent ».",
    4: "Code du patrimoine, article L212-4.",
    5: "@slaurent, référente du cercle.",
}


@pytest.fixture(scope="module")
def form_site(tmp_path_factory):
    kit = copy_kit(tmp_path_factory.mktemp("formulaire") / "depot")
    site = build(kit, kit / "site")
    server, url = serve(site)
    yield kit, url + "contribuer/proposer/"
    server.shutdown()


def fill(page, title: str = "Préparer le versement annuel aux archives") -> None:
    page.select_option("#cercle", "archives")
    page.fill("#titre", title)
    page.fill("#resume", "Les étapes pour préparer le versement annuel des dossiers clos, sans qu'il soit refusé.")
    page.fill("#auteur", "gfontaine")
    page.select_option("#metier", "archiviste")
    page.check("input[name=versant][value='État']")
    page.select_option("#organisation", "prefecture-val-d-orne")
    page.fill("#service", "Bureau du courrier et des archives")
    page.check("#competences-classement-versement")
    page.check("#competences-tri-eliminations")
    page.check("input[name=types_savoir][value=savoir-faire]")
    page.select_option("#criticite", "forte")
    page.select_option("#rarete", "peu courante")
    page.check("input[name=visibilite][value=publique]")
    page.fill("#successeurs", "ogautier")
    for index, text in SECTIONS_TEXT.items():
        page.fill(f"#section-{index}", text)


def test_a_filled_form_gives_a_file_the_validator_accepts(browser, form_site) -> None:
    kit, url = form_site
    page = browser.new_page(accept_downloads=True)
    page.goto(url)
    fill(page)
    page.click("#legs-proposer button[type=submit]")
    assert page.is_visible("#legs-resultat")
    assert page.text_content("#legs-chemin") == "competences/archives/preparer-le-versement-annuel-aux-archives.md"
    with page.expect_download() as info:
        page.click("#legs-telecharger")
    download = info.value
    assert download.suggested_filename == "preparer-le-versement-annuel-aux-archives.md"
    target = kit / "competences" / "archives" / download.suggested_filename
    download.save_as(target)
    result = run_legs(kit, "valider", str(target))
    assert result.returncode == 0, result.stdout
    assert "statut: brouillon" in target.read_text(encoding="utf-8")
    # The forge link carries the same file name and content, encoded.
    href = page.get_attribute("#legs-forge", "href")
    parts = urlsplit(href)
    assert parts.path.endswith("/new/main")
    query = parse_qs(parts.query)
    assert query["filename"] == ["competences/archives/preparer-le-versement-annuel-aux-archives.md"]
    assert query["value"] == [target.read_text(encoding="utf-8")]
    page.close()


def test_missing_answers_get_french_messages_and_no_file(browser, form_site) -> None:
    _, url = form_site
    page = browser.new_page()
    page.goto(url)
    fill(page, title="")
    page.fill("#section-3", "")
    page.click("#legs-proposer button[type=submit]")
    summary = page.text_content("#legs-erreurs")
    assert "2 points sont à corriger" in summary
    assert "Écrivez le titre de la fiche." in summary
    assert "La section « Pièges et astuces » est vide" in summary
    assert page.text_content("#titre-erreur") == "Écrivez le titre de la fiche."
    assert page.get_attribute("#titre", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "legs-erreurs"
    assert not page.is_visible("#legs-resultat")
    page.close()


def test_raw_html_is_refused_in_french(browser, form_site) -> None:
    _, url = form_site
    page = browser.new_page()
    page.goto(url)
    fill(page)
    page.fill("#section-0", "Voir <script>alert(1)</script>")
    page.click("#legs-proposer button[type=submit]")
    assert "les balises HTML (« < ») ne sont pas acceptées" in page.text_content("#section-0-erreur")
    assert not page.is_visible("#legs-resultat")
    page.close()


def test_forge_settings() -> None:
    assert forge_settings({"forge": {"type": "GitLab", "branche": "principale"}}, "https://forge.example/legs/") == {
        "type": "gitlab", "url": "https://forge.example/legs", "branche": "principale"}
    assert forge_settings({"forge": {"type": "github"}}, "")["type"] == "aucune"
    assert forge_settings({}, "https://forge.example/legs")["type"] == "aucune"
