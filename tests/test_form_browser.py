"""« Proposer une fiche » in a real browser: the file it produces passes the validator."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import build, copy_kit, run_legs, serve
from legs.pages.contribution import forge_settings

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
    page.wait_for_selector("#legs-proposer[data-pret=oui]", state="attached")
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
    page = open_form(browser, url)
    fill(page, title="")
    page.fill("#section-3", "")
    page.click("#legs-proposer button[type=submit]")
    assert "«\u202fPièges et astuces\u202f»" in page.text_content("#legs-erreurs")  # French typography
    summary = plain(page.text_content("#legs-erreurs"))
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
    page = open_form(browser, url)
    fill(page)
    page.fill("#section-0", "Voir <script>alert(1)</script>")
    page.click("#legs-proposer button[type=submit]")
    assert "les balises HTML (« < ») ne sont pas acceptées" in plain(page.text_content("#section-0-erreur"))
    assert not page.is_visible("#legs-resultat")
    page.close()


def plain(text: str) -> str:
    """Messages with ordinary spaces and apostrophes: the script writes French typography."""
    return text.replace("\u202f", " ").replace("\u2019", "'")


def assert_accessible(page) -> None:
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    results = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    assert not [v["id"] for v in results["violations"]], results["violations"]


def open_form(browser, url: str, context=None):
    page = (context or browser).new_page()
    page.goto(url)
    page.wait_for_selector("#legs-proposer[data-pret=oui]", state="attached")
    return page


def test_a_long_text_survives_a_reload_and_the_draft_can_be_discarded(browser, form_site) -> None:
    _, url = form_site
    context = browser.new_context()
    page = open_form(browser, url, context)
    assert page.get_attribute("#legs-proposer", "data-brouillon") == "aucun"
    assert not page.is_visible("#legs-brouillon")
    long_text = "Une longue explication, écrite pendant une heure.\n\n" + "Chaque étape compte. " * 400
    fill(page)
    page.fill("#section-2", long_text)
    page.wait_for_selector("#legs-proposer[data-brouillon=enregistre]", state="attached")
    page.reload()
    page.wait_for_selector("#legs-proposer[data-brouillon=restaure]", state="attached")
    assert page.input_value("#section-2") == long_text
    assert page.input_value("#titre") == "Préparer le versement annuel aux archives"
    assert page.is_checked("#competences-tri-eliminations") and page.is_checked("input[name=versant][value='État']")
    assert page.input_value("#rarete") == "peu courante"
    notice = plain(page.text_content("#legs-brouillon"))
    assert "Votre brouillon du" in notice and "a été rétabli" in notice
    page.click("#legs-brouillon-effacer")
    assert page.get_attribute("#legs-proposer", "data-brouillon") == "efface"
    assert page.input_value("#section-2") == "" and not page.is_checked("#competences-tri-eliminations")
    assert page.evaluate("document.activeElement.id") == "titre"
    page.reload()
    page.wait_for_selector("#legs-proposer[data-pret=oui]", state="attached")
    assert page.get_attribute("#legs-proposer", "data-brouillon") == "aucun"
    assert page.input_value("#section-2") == ""
    context.close()


def test_a_record_file_reopens_in_the_form_without_being_sent(browser, form_site) -> None:
    kit, url = form_site
    record = kit / "competences/archives/trier-et-eliminer-les-dossiers.md"
    page = open_form(browser, url)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.select_option("#cercle", "archives")
    page.click("#legs-reprendre summary")
    page.set_input_files("#legs-reprise-fichier", str(record))
    page.wait_for_selector("#legs-proposer[data-reprise=faite]", state="attached")
    assert requests == []  # read by the browser, sent nowhere
    assert page.input_value("#titre") and page.input_value("#titre") in record.read_text(encoding="utf-8")
    assert page.input_value("#section-0").split("\n")[0] in record.read_text(encoding="utf-8")
    assert "statut « brouillon »" in plain(page.text_content("#legs-reprise-bilan"))  # it was published
    assert not page.is_visible("#autres-bloc")
    page.click("#legs-proposer button[type=submit]")
    page.wait_for_selector("#legs-proposer[data-etat=prete]", state="attached")
    target = kit / "competences/archives/fiche-reprise.md"
    target.write_text(page.text_content("#legs-apercu"), encoding="utf-8")
    result = run_legs(kit, "valider", str(target))
    assert result.returncode == 0, result.stdout
    page.close()


def test_reopened_content_without_a_field_is_kept_and_blocks_the_file(browser, form_site) -> None:
    _, url = form_site
    page = open_form(browser, url)
    fill(page)
    record = page.evaluate("window.legsProposer.texte()")
    record = record.replace("visibilite:", "mots_cles: tri, archives\nvisibilite:") + "\n## Annexe\n\nLe tableau des délais de garde.\n"
    page.click("#legs-reprendre summary")
    page.fill("#legs-reprise-texte", record)
    page.click("#legs-reprise-bouton")
    page.wait_for_selector("#legs-proposer[data-reprise=faite]", state="attached")
    report = plain(page.text_content("#legs-reprise-bilan"))
    assert "La clé « mots_cles » n'est pas prévue" in report and "« ## Annexe » n'est pas une section" in report
    kept = page.input_value("#autres")
    assert "mots_cles: tri, archives" in kept and "Le tableau des délais de garde." in kept
    assert page.is_visible("#autres")
    page.click("#legs-proposer button[type=submit]")
    page.wait_for_selector("#legs-proposer[data-etat=erreurs]", state="attached")
    assert "Texte à replacer" in page.text_content("#autres-erreur")
    assert_accessible(page)  # with the report, the kept text and the errors shown
    # Moved into a section, the text passes.
    page.fill("#section-4", page.input_value("#section-4") + "\n\nLe tableau des délais de garde.")
    page.fill("#autres", "")
    page.click("#legs-proposer button[type=submit]")
    page.wait_for_selector("#legs-proposer[data-etat=prete]", state="attached")
    page.close()


def test_reopening_over_a_text_can_be_undone(browser, form_site) -> None:
    _, url = form_site
    page = open_form(browser, url)
    assert not page.is_visible("#legs-reprise-annuler")
    fill(page)
    page.fill("#section-2", "Mon long texte d'une heure.")
    page.click("#legs-reprendre summary")
    page.fill("#legs-reprise-texte", "---\ntitre: Une autre fiche\n---\n\n## Pas à pas\n\nAutre chose.\n")
    page.click("#legs-reprise-bouton")
    page.wait_for_selector("#legs-proposer[data-reprise=faite]", state="attached")
    assert page.input_value("#section-2") == "Autre chose." and page.input_value("#service") == ""
    page.click("#legs-reprise-annuler")
    assert page.input_value("#section-2") == "Mon long texte d'une heure."
    assert page.input_value("#titre") == "Préparer le versement annuel aux archives"
    assert page.is_checked("#competences-tri-eliminations")
    assert not page.is_visible("#legs-reprise-annuler")
    page.close()


def test_something_that_is_not_a_record_changes_nothing(browser, form_site) -> None:
    _, url = form_site
    page = open_form(browser, url)
    page.fill("#titre", "Mon titre en cours")
    page.click("#legs-reprendre summary")
    page.fill("#legs-reprise-texte", "Bonjour, voici ma liste de courses.")
    page.click("#legs-reprise-bouton")
    page.wait_for_selector("#legs-proposer[data-reprise=refusee]", state="attached")
    assert "ne ressemble pas à une fiche" in page.text_content("#legs-reprise-bilan")
    assert page.input_value("#titre") == "Mon titre en cours"
    page.close()


def test_forge_settings() -> None:
    assert forge_settings({"forge": {"type": "GitLab", "branche": "principale"}}, "https://forge.example/legs/") == {
        "type": "gitlab", "url": "https://forge.example/legs", "branche": "principale"}
    assert forge_settings({"forge": {"type": "github"}}, "")["type"] == "aucune"
    assert forge_settings({}, "https://forge.example/legs")["type"] == "aucune"
