"""Printed documents that look finished: who issues them, in what order, with what is meant for paper."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT
from legs import corpus as corpus_module
from legs.content import look
from legs.content.settings import Settings
from legs.printing import badges, certificates, comms, guide, issuer, pdf

SITE = "https://legs.intranet.exemple.gouv.fr/"
ORGANISATION = "Direction départementale des territoires du Val-d'Orne"
TODAY = dt.date(2026, 11, 22)


def text(pdf_file: Path) -> str:
    return " ".join(pages(pdf_file))


def pages(pdf_file: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True, text=True, check=True).stdout
    # French typography turns ' into ’; blanks (no-break spaces included) fold to one space.
    return [" ".join(page.replace("’", "'").split()) for page in out.split("\f")[:-1]]


def configure(kit: Path, lines: str) -> None:
    """Add settings under `extra.organisation` of the kit's mkdocs.yml."""
    config = kit / "mkdocs.yml"
    source = config.read_text(encoding="utf-8")
    # The example's empty print settings give way to the ones under test (a key is set once).
    for key in ("signataire", "edition"):
        source = source.replace(f'\n    {key}: ""\n', "\n", 1) if f"    {key}:" in lines else source
    assert "\n  organisation:\n    nom: Administration d'exemple\n" in source
    source = source.replace("\n  organisation:\n    nom: Administration d'exemple\n",
                            f"\n  organisation:\n    nom: {ORGANISATION}\n{lines}")
    config.write_text(source.replace('\n    logo: ""\n', "\n", 1) if "logo:" in lines else source, encoding="utf-8")


@pytest.fixture
def issued(kit: Path, monkeypatch) -> tuple[Path, issuer.Issuer]:
    from PIL import Image

    Image.new("RGB", (60, 30), "#000091").save(kit / "docs" / "assets" / "logo-essai.png")
    configure(kit, "    logo: assets/logo-essai.png\n    edition: Version 3\n"
                   "    signataire: La directrice des ressources humaines\n"
                   "    contact:\n      nom: Camille Martin\n      courriel: legs@val-d-orne.gouv.fr\n"
                   "      telephone: 02 33 00 00 00\n")
    monkeypatch.setenv("LEGS_SITE_URL", SITE)
    return kit, issuer.load(Settings.load(kit))


def test_the_cover_names_the_issuer_with_its_logo_and_the_edition(issued, tmp_path: Path) -> None:
    kit, found = issued
    target = guide.build(kit / "docs" / "guide", tmp_path / "guide.pdf", None, TODAY, found)
    cover = pages(target)[0]
    # pdftotext joins a line that ends with a hyphen (« Val- / d'Orne ») without it.
    assert ORGANISATION.replace("-", "") in cover.replace("-", "") and "Guide méthodologique" in cover
    assert "Version 3" in cover and "22 novembre 2026" in cover
    listed = subprocess.run(["pdfimages", "-f", "1", "-l", "1", "-list", str(target)], capture_output=True, text=True).stdout
    assert re.search(r"^\s+1\s+0\s+image\s+60\s+30\b", listed, re.M), "le logo manque sur la couverture"
    contents = pages(target)[1]
    assert f"Publié par {ORGANISATION}" in contents and SITE in contents


def test_without_settings_the_cover_still_gives_an_edition(tmp_path: Path) -> None:
    target = guide.build(ROOT / "docs" / "guide", tmp_path / "guide.pdf", None, TODAY, issuer.Issuer())
    cover = pages(target)[0]
    assert "Édition 2026" in cover and "22 novembre 2026" in cover


def test_the_guide_prints_its_chapters_in_nav_order_even_new_ones(kit: Path, tmp_path: Path) -> None:
    guide_dir = kit / "docs" / "guide"
    (guide_dir / "formation-action.md").write_text("# La formation-action\n\nTrois jours.\n", encoding="utf-8")
    (guide_dir / "cercles.md").write_text("# Les cercles en détail\n\n- un\n    - un point\n", encoding="utf-8")
    (guide_dir / "hors-menu.md").write_text("# Une page hors du menu\n\nRien.\n", encoding="utf-8")
    config = kit / "mkdocs.yml"
    source = config.read_text(encoding="utf-8")
    # A new chapter after the first, and one in a nested section of the guide.
    source = source.replace("      - guide/index.md\n", "      - guide/index.md\n      - guide/formation-action.md\n"
                            "      - Pour aller plus loin:\n          - Cercles: guide/cercles.md\n", 1)
    config.write_text(source, encoding="utf-8")
    found = issuer.load(Settings.load(kit))
    assert found.guide_order[:3] == ("index", "formation-action", "cercles")
    target = guide.build(guide_dir, tmp_path / "guide.pdf", None, TODAY, found)
    printed = pages(target)
    titles = [" ".join(title.replace("’", "'").split()) for _, title, _ in guide.chapters(guide_dir, found.guide_order)]
    assert titles[-1] == "Une page hors du menu"  # not in the nav: printed last, never lost
    starts = [next((n for n, page in enumerate(printed) if n > 1 and title in page[:len(title) + 40]), title)
              for title in titles]
    assert starts == sorted(starts), list(zip(titles, starts))
    contents = printed[1]
    assert [contents.index(title) for title in titles] == sorted(contents.index(title) for title in titles)


def test_nested_lists_nest_in_the_pdf(tmp_path: Path) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.md").write_text(
        "# Liste\n\n1. Premier niveau :\n    - second niveau\n2. Retour au premier\n", encoding="utf-8")
    target = guide.build(tmp_path / "guide", tmp_path / "guide.pdf", None, TODAY, issuer.Issuer())
    layout = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True).stdout
    first = next(line for line in layout.splitlines() if "Premier niveau" in line)
    second = next(line for line in layout.splitlines() if "second niveau" in line)
    indent = lambda line: len(line) - len(line.lstrip())  # noqa: E731
    assert indent(second) > indent(first)


def test_web_only_text_stays_on_the_web_and_print_only_text_is_printed(tmp_path: Path) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.md").write_text(
        "# Guide\n\nUn paragraphe pour tous.\n\n"
        "Cliquez sur le bouton ci-dessous pour télécharger.\n{ .ecran-seulement }\n\n"
        "## Rubrique du site { .ecran-seulement }\n\n"
        '!!! tip ecran-seulement "Astuce de navigation"\n    Utilisez la recherche en haut de la page.\n\n'
        '<a class="md-button" href="../pdf/guide.pdf" download>Télécharger le guide complet</a>\n\n'
        "Voir la [page de recherche](../recherche.md) et le [site de la DGAFP](https://www.fonction-publique.gouv.fr/).\n\n"
        "Version imprimée : demandez-la à votre personne référente.\n{ .impression-seulement }\n",
        encoding="utf-8")
    target = guide.build(tmp_path / "guide", tmp_path / "guide.pdf", None, TODAY, issuer.Issuer(site=SITE))
    printed = text(target)
    assert "Un paragraphe pour tous." in printed
    for web_only in ("Cliquez sur le bouton", "Rubrique du site", "Astuce de navigation", "Utilisez la recherche",
                     "Télécharger le guide complet"):
        assert web_only not in printed, web_only
    assert "Version imprimée" in printed
    # A link's text stays in the sentence; its address, typeable, goes to a footnote.
    assert "page de recherche" in printed and f"{SITE}recherche/" in printed
    assert "https://www.fonction-publique.gouv.fr/" in printed


def test_the_certificate_is_signed_for_the_employer_and_fills_its_page(issued, tmp_path: Path) -> None:
    kit, found = issued
    example = corpus_module.load(Settings.load(kit))
    record = certificates.eligible(example)[0]
    target = tmp_path / "certificat.pdf"
    pdf.render_pages([("Certificat", certificates.body(example, record, found), target)], ("certificat.css",))
    printed = text(target)
    assert f"Pour {ORGANISATION}" in printed and "La directrice des ressources humaines" in printed
    assert printed.count("Signature") == 1 + min(2, len(example.circles[record.circle_id].referents))
    assert not re.search(r"\w·\w", printed)  # no « point médian » (« Référent·e »)
    # Balanced: the signature lines sit in the bottom fifth of the page, not in its middle.
    boxes = subprocess.run(["pdftotext", "-bbox", str(target), "-"], capture_output=True, text=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes).group(1))
    lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)">Signature<', boxes))
    assert lowest > 0.8 * height
    assert len(PdfReader(target).pages) == 1


def test_the_signatory_has_a_default() -> None:
    assert issuer.Issuer().on_behalf == "Pour l'organisation"
    assert issuer.Issuer().signatory == issuer.DEFAULT_SIGNATORY


@pytest.mark.parametrize("settings, key", [
    ({"signataire": "Deux\nlignes"}, "signataire"),
    ({"edition": ["Version", "2"]}, "edition"),
    ({"contact": {"adresse": "1 rue"}}, "contact"),
    ({"contact": {"nom": "x" * 200}}, "contact.nom"),
])
def test_bad_print_settings_are_refused_in_french(settings: dict, key: str) -> None:
    with pytest.raises(look.LookError, match=re.escape(f"extra.organisation.{key}")):
        look.load({"organisation": settings}, ROOT / "docs")


def test_poster_and_leaflet_give_the_site_and_the_local_contact(issued, tmp_path: Path) -> None:
    _, found = issued
    poster, leaflet = comms.build(tmp_path, None, found)
    for printed in (text(poster), text(leaflet)):
        assert SITE in printed
        assert "Camille Martin" in printed and "legs@val-d-orne.gouv.fr" in printed and "02 33 00 00 00" in printed
    assert len(PdfReader(leaflet).pages) == 1 and len(PdfReader(poster).pages) == 1


def test_without_settings_poster_and_leaflet_leave_lines_to_fill(tmp_path: Path) -> None:
    for printed_file in comms.build(tmp_path, None, issuer.Issuer()):
        printed = text(printed_file)
        assert "Votre contact" in printed and "Courriel" in printed and "Téléphone" in printed
        assert "sur le site" in printed and "http" not in printed
        assert not re.search(r"\w·\w", printed)
        assert len(PdfReader(printed_file).pages) == 1


def _badge(title: str) -> str:
    example = corpus_module.load(Settings.load(ROOT))
    circle = next(iter(example.circles.values()))
    return badges.svg(example, dataclasses.replace(circle, title=title, versants=["État", "territoriale", "hospitalière"]))


SIXTY = "Gestion des archives intermédiaires et définitives & <tri>!!"


def test_a_long_badge_name_shrinks_and_a_very_long_one_ends_with_an_ellipsis() -> None:
    assert len(SIXTY) == 60
    svg = ET.fromstring(_badge(SIXTY))
    ns = {"s": "http://www.w3.org/2000/svg"}
    name = svg.find(".//s:text[@class='nom']", ns)
    assert int(name.get("font-size")) < badges.TITLE_SIZES[0]
    assert " ".join(span.text for span in name) == SIXTY  # every word kept, escaped for XML
    endless = ET.fromstring(_badge("transmission " * 30))
    lines = [span.text for span in endless.find(".//s:text[@class='nom']", ns)]
    assert lines[-1].endswith("…") and "transmission " * 29 in endless.find("s:title", ns).text


@pytest.mark.parametrize("title", [SIXTY, "M" * 60, "Anticonstitutionnellement" * 3, "transmission " * 30, "Paie"])
def test_badge_text_stays_inside_the_shield_in_a_browser(browser, title: str) -> None:
    page = browser.new_page()
    page.set_content(f"<!DOCTYPE html><body style='margin:0'>{_badge(title)}</body>")
    outside = page.evaluate("""() => {
        const border = document.querySelector('path.bordure');
        const out = [];
        for (const span of document.querySelectorAll('text.nom tspan, text.pied tspan')) {
            const box = span.getBBox();
            const corners = [[box.x, box.y], [box.x + box.width, box.y], [box.x, box.y + box.height],
                             [box.x + box.width, box.y + box.height]];
            for (const [x, y] of corners) {
                if (!border.isPointInFill(new DOMPoint(x, y))) out.push(span.textContent);
            }
        }
        return out;
    }""")
    page.close()
    assert outside == []
