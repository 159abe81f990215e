"""Who to ask (référents' contacts, internal site only), last update of records, and the
organisation's own look (name, logo, colours, the « etat » palette)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import ROOT, build, built_text, copy_kit, run_legs, serve
from legs import corpus as corpus_module
from legs.content import look
from legs.content.settings import Settings
from legs.pages import views
from legs.text import french

FAST = {"LEGS_PDF": "false", "LEGS_RECHERCHE": "false"}


@pytest.fixture(scope="module")
def example():
    return corpus_module.load(Settings.load(ROOT))


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The example kit with a phone number for one référent, built in both profiles."""
    repo = copy_kit(tmp_path_factory.mktemp("contacts") / "depot")
    registry = repo / "competences" / "personnes.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("  - id: aleroux\n", "  - id: aleroux\n    telephone: \"01 23 45 67 89\"\n", 1),
                        encoding="utf-8")
    out = tmp_path_factory.mktemp("contacts-sites")
    return {profile: build(repo, out / profile, profile=profile, env=FAST) for profile in ("interne", "publique")}


def _set_extra(repo: Path, block: str) -> None:
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"  organisation:\n(?:    .*\n|\n)*?(?=  \S)", block, text, count=1)
    config.write_text(text, encoding="utf-8")


# --- Who to ask -------------------------------------------------------------------------

def test_internal_circle_pages_give_the_referents_contact(example, sites) -> None:
    for circle in example.circles.values():
        html = (sites["interne"] / circle.url / "index.html").read_text(encoding="utf-8")
        for person_id in circle.referents:
            person = example.registry.visible(person_id)
            assert person is not None and person.email
            assert f'<a href="mailto:{person.email}">{person.email}</a>' in html
        assert "<dt>Pour le ou la joindre</dt>" in html or "<dt>Pour les joindre</dt>" in html
    commande = (sites["interne"] / "competences" / "commande-publique" / "index.html").read_text(encoding="utf-8")
    assert '<a href="tel:0123456789">01 23 45 67 89</a>' in commande


def test_who_knows_gives_the_referents_contact_internally(example, sites) -> None:
    html = (sites["interne"] / "index" / "qui-sait-faire" / "index.html").read_text(encoding="utf-8")
    for circle in example.circles.values():
        for person_id in circle.referents:
            email = example.registry.get(person_id).email
            assert f'href="mailto:{email}"' in html
    assert "pour le ou la joindre" in html and 'href="tel:0123456789"' in html


def test_the_public_site_shows_no_registry_contact(example, sites) -> None:
    text = built_text(sites["publique"])
    for person in example.registry.people.values():
        if person.email:
            assert person.email not in text
    # A contact link, in any page (the form's script names the scheme to check links, not a contact).
    assert not [m for m in re.findall(r"mailto:[^\"'\s<)]+", text) if m != "mailto:legs-accessibilite@exemple.gouv.fr"]
    assert "legs-contacts" not in text and "pour le ou la joindre" not in text and "tel:01" not in text
    assert "01 23 45 67 89" not in text


def test_a_withdrawn_referent_has_no_contact(example, kit: Path, tmp_path: Path) -> None:
    person = example.registry.get("slaurent")
    registry = kit / "competences" / "personnes.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("  - id: slaurent\n", "  - id: slaurent\n    retrait: true\n", 1),
                        encoding="utf-8")
    site = build(kit, tmp_path / "site", env=FAST)
    text = built_text(site)
    assert person.email not in text and person.name not in text
    archives = (site / "competences" / "archives" / "index.html").read_text(encoding="utf-8")
    assert "legs-contacts" not in archives and ">Pour le ou la joindre<" not in archives


def test_contact_values_are_escaped(kit: Path, tmp_path: Path) -> None:
    registry = kit / "competences" / "personnes.yml"
    text = registry.read_text(encoding="utf-8").replace(
        "  - id: aleroux\n", "  - id: aleroux\n    telephone: '<b onclick=x>1</b>\"'\n", 1)
    text = text.replace("courriel: anne.leroux@ddt-val-d-orne.example.fr", "courriel: 'a\"><svg/onload=alert(1)>(@x.fr'", 1)
    registry.write_text(text, encoding="utf-8")
    site = build(kit, tmp_path / "site", env=FAST)
    for page in (site / "competences" / "commande-publique" / "index.html", site / "index" / "qui-sait-faire" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "<b onclick" not in html and "&lt;b onclick=x&gt;1&lt;/b&gt;" in html
        assert "<svg/onload" not in html and 'href="mailto:a%22%3E%3Csvg%2Fonload%3Dalert%281%29%3E%28@x.fr"' in html


# --- Last update ------------------------------------------------------------------------

def test_record_pages_show_their_last_update(example, sites) -> None:
    for record in example.built_records():
        latest = max(d for d in (record.review_date, record.created) if d)
        html = (sites["interne"] / record.url / "index.html").read_text(encoding="utf-8")
        assert f'Mise à jour le <time datetime="{latest.isoformat()}">{french.french_date(latest)}</time>' in html


def test_last_update_is_the_latest_front_matter_date(example) -> None:
    record = example.built_records()[0]
    record.created, record.review_date = dt.date(2026, 7, 9), dt.date(2025, 1, 1)
    assert views.record_card(example, record, record.src_uri)["mise_a_jour"] == "9 juillet 2026"
    record.review_date = dt.date(2026, 8, 1)
    assert views.record_card(example, record, record.src_uri)["mise_a_jour"] == "1er août 2026"


# --- The organisation's look ------------------------------------------------------------

def test_default_look_keeps_the_kit_colours(sites) -> None:
    css = (sites["interne"] / look.CSS_URI).read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #4051b5;" in css
    html = (sites["interne"] / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/legs-organisation.css"' in html and "Site publié par Administration d’exemple" in html


def test_the_state_palette_sets_blue_france_and_red_marianne(kit: Path, tmp_path: Path) -> None:
    (kit / "docs" / "assets" / "logo-organisation.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>', encoding="utf-8")
    _set_extra(kit, "  organisation:\n    nom: Préfecture <du> Val-d'Orne\n    logo: assets/logo-organisation.svg\n    palette: etat\n")
    site = build(kit, tmp_path / "site", env=FAST)
    css = (site / look.CSS_URI).read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #000091;" in css and "--md-accent-fg-color: #e1000f;" in css
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/logo-organisation.svg" alt=""' in html
    assert "Site publié par Préfecture &lt;du&gt; Val-d’Orne" in html and "<du>" not in html


def test_custom_colours_override_the_palette(kit: Path, tmp_path: Path) -> None:
    _set_extra(kit, "  organisation:\n    palette: etat\n    couleurs:\n      principale: \"#1B5E20\"\n")
    site = build(kit, tmp_path / "site", env=FAST)
    css = (site / look.CSS_URI).read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #1b5e20;" in css and "--md-accent-fg-color: #e1000f;" in css


@pytest.mark.parametrize("palette", sorted(look.PALETTES))
def test_palettes_keep_text_readable_on_white(palette: str) -> None:
    colours = look.PALETTES[palette]
    assert look.contrast(colours["principale"]) >= 4.5 and look.contrast(colours["foncee"]) >= 4.5
    if palette == "etat":
        assert colours["principale"] == "#000091" and colours["accent"] == "#e1000f"
        assert look.contrast(colours["accent"]) >= 4.5


@pytest.mark.parametrize("value", ["red;}body{display:none", "#000091;}body{display:none", "red", "#fff", "#ffffff",
                                   "#00009g", 91, "#000091\n"])
def test_a_bad_colour_is_refused_in_french(value) -> None:
    with pytest.raises(look.LookError, match="principale") as error:
        look.load({"organisation": {"couleurs": {"principale": value}}}, ROOT / "docs")
    assert "#rrggbb" in str(error.value) or "contraste" in str(error.value)


@pytest.mark.parametrize("settings, words", [
    ({"palette": "bleu"}, "palette inconnue"),
    ({"logo": "assets/absent.svg"}, "introuvable"),
    ({"logo": "../mkdocs.yml"}, "chemin d'une image"),
    ({"logo": "javascript:alert(1).svg"}, "chemin d'une image"),
    ({"nom": "Deux\nlignes"}, "une ligne"),
    ({"police": "Marianne"}, "Réglage inconnu"),
])
def test_bad_look_settings_are_refused(settings: dict, words: str) -> None:
    with pytest.raises(look.LookError, match=words):
        look.load({"organisation": settings}, ROOT / "docs")


def test_a_hostile_colour_stops_the_build_with_a_french_message(kit: Path, tmp_path: Path) -> None:
    _set_extra(kit, "  organisation:\n    couleurs:\n      principale: \"red;}body{display:none\"\n")
    result = run_legs(kit, "construire", "--dossier", str(tmp_path / "site"), env=FAST)
    assert result.returncode != 0
    assert "doit être une couleur écrite #rrggbb" in result.stdout + result.stderr
    assert not (tmp_path / "site" / look.CSS_URI).exists()


def test_the_state_palette_passes_axe(browser, kit: Path, tmp_path: Path) -> None:
    """Blue France and red Marianne keep the contrasts: axe on a page of each kind that changes."""
    import axe_playwright_python

    _set_extra(kit, "  organisation:\n    nom: Préfecture du Val-d'Orne\n    palette: etat\n")
    site = build(kit, tmp_path / "site", env=FAST)
    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    server, url = serve(site)
    try:
        for path in ("", "competences/archives/", "competences/archives/preparer-un-versement/", "index/qui-sait-faire/"):
            page = browser.new_page()
            assert page.goto(url + path).ok, path
            page.add_script_tag(content=axe)
            results = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
            page.close()
            serious = [f"{path}: {v['id']} — {v['nodes'][0]['target']}" for v in results["violations"]
                       if v["impact"] in ("serious", "critical")]
            assert not serious, "\n".join(serious)
    finally:
        server.shutdown()
