"""Grids on the site are forms filled in on screen, kept in the browser only; their PDFs stay paper."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from legs.corpus.forms import Form, form_html, load_forms

GRID = "carnet-tutorat"  # a header, a table, fields, boxes and signatures
SCALE_GRID = "questionnaire-satisfaction"


def _open(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[tuple[str, str]] = []
    page.on("request", lambda request: requests.append((request.method, request.url)))
    page.goto(url)
    page.wait_for_selector(".grille--ecran[data-etat=pret]")
    return page, requests


def _same_origin_gets(requests, base: str) -> None:
    origin = urlsplit(base).netloc
    strays = [(m, u) for m, u in requests if m != "GET" or urlsplit(u).netloc != origin]
    assert not strays, strays


def test_answers_are_kept_in_the_browser_and_come_back(browser, site_url) -> None:
    url = f"{site_url}grilles/{GRID}/"
    page, requests = _open(browser, url)
    page.get_by_label("Tuteur ou tutrice").fill("Camille Morel")
    page.get_by_label("Situation travaillée, ligne 2").fill("Versement « annuel » <b>")
    page.get_by_label("Le N+1 est informé").check()
    page.get_by_label("Difficultés rencontrées").fill("Aucune\nvraiment")
    page.reload()
    page.wait_for_selector(".grille--ecran[data-etat=pret]")
    assert page.get_by_label("Tuteur ou tutrice").input_value() == "Camille Morel"
    assert page.get_by_label("Situation travaillée, ligne 2").input_value() == "Versement « annuel » <b>"
    assert page.get_by_label("Le N+1 est informé").is_checked()
    assert page.get_by_label("Difficultés rencontrées").input_value() == "Aucune\nvraiment"
    # Nothing is sent: no form to submit, only the page's own files are fetched.
    assert page.locator(".grille--ecran form, .grille--ecran button:not([type=button])").count() == 0
    _same_origin_gets(requests, site_url)

    # « Effacer mes réponses » asks first, then empties the fields and the browser's storage.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Effacer mes réponses").click()
    assert page.get_by_label("Tuteur ou tutrice").input_value() == ""
    assert not page.get_by_label("Le N+1 est informé").is_checked()
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('legs-grille:'))")
    assert stored == []
    page.reload()
    page.wait_for_selector(".grille--ecran[data-etat=pret]")
    assert page.get_by_label("Situation travaillée, ligne 2").input_value() == ""
    page.close()


def test_a_scale_takes_one_choice_per_question(browser, site_url) -> None:
    page, _ = _open(browser, f"{site_url}grilles/{SCALE_GRID}/")
    groups = page.locator(".grille-question")
    assert groups.count() >= 2
    first, second = groups.nth(0), groups.nth(1)
    first.locator("input[type=radio]").nth(0).check()
    first.locator("input[type=radio]").nth(1).check()
    second.locator("input[type=radio]").nth(2).check()
    assert first.locator("input:checked").count() == 1
    page.reload()
    page.wait_for_selector(".grille--ecran[data-etat=pret]")
    assert first.locator("input[type=radio]").nth(1).is_checked()
    assert second.locator("input[type=radio]").nth(2).is_checked()
    page.evaluate("localStorage.clear()")
    page.close()


NAMELESS = """() => [...document.querySelectorAll('.grille--ecran input, .grille--ecran textarea')].filter(field => {
  if ((field.getAttribute('aria-label') || '').trim()) return false;
  return ![...field.labels].some(label => label.textContent.trim());
}).map(field => field.id)"""


@pytest.mark.parametrize("grid", [GRID, SCALE_GRID, "grille-objectifs"])
def test_every_field_has_a_name_and_phones_do_not_scroll_sideways(browser, site_url, grid) -> None:
    page, _ = _open(browser, f"{site_url}grilles/{grid}/", width=390)
    assert page.locator(".grille--ecran input, .grille--ecran textarea").count() > 0
    assert page.evaluate(NAMELESS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()


def test_without_script_the_page_is_a_plain_form_without_dead_buttons(site_interne) -> None:
    html = (site_interne / "grilles" / GRID / "index.html").read_text(encoding="utf-8")
    assert '<div class="grille-outils" hidden>' in html  # shown by the script only
    assert "<form" not in html.split('class="grille grille--ecran"')[1]


def _hostile_form() -> Form:
    evil = '"><script>alert(1)</script>'
    sections = ({"titre": evil, "consigne": evil, "elements": [
        {"type": "tableau", "colonnes": [evil, "B"], "rangees": [evil]},
        {"type": "echelle", "echelle": [evil, "Non"], "questions": [evil]},
        {"type": "champs", "champs": [{"libelle": evil, "lignes": 2}]},
        {"type": "cases", "cases": [evil]}, {"type": "signatures", "signataires": [evil]}]},)
    return Form("essai", evil, evil, evil, 1, (evil,), sections, ROOT)


@pytest.mark.parametrize("mode", ["papier", "ecran"])
def test_both_renderings_escape_every_value(mode) -> None:
    html = form_html(_hostile_form(), mode)
    assert "<script" not in html  # neither as text nor after leaving an attribute
    assert html.count("&lt;script&gt;") >= 8


def test_paper_has_lines_and_boxes_screen_has_fields() -> None:
    forms, problems = load_forms(ROOT / "docs", str)
    assert not problems
    grid = next(f for f in forms if f.id == GRID)
    paper, screen = form_html(grid, "papier"), form_html(grid, "ecran")
    assert "grille-ligne" in paper and "grille-case" in paper and "<input" not in paper and "<textarea" not in paper
    assert "grille-ligne" not in screen and 'type="checkbox"' in screen and "<textarea" in screen


def test_grid_pdf_does_not_print_the_screen_reader_caption(tmp_path) -> None:
    from legs.printing import forms_pdf

    forms, _ = load_forms(ROOT / "docs", str)
    grid = next(f for f in forms if f.id == GRID)
    pdf = forms_pdf.build(grid, tmp_path / "grille.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Séances" in text
    assert "Tableau à remplir" not in text and "Une case par ligne" not in text


@pytest.mark.parametrize(("grid", "sideways"), [("plan-action", True), (GRID, False)])
def test_printing_the_page_uses_the_grid_orientation(browser, site_url, grid, sideways, tmp_path) -> None:
    """« Imprimer » on the web page gives the same A4 page as the grid's PDF: sideways for wide tables."""
    from pypdf import PdfReader

    page, _ = _open(browser, f"{site_url}grilles/{grid}/")
    target = tmp_path / "impression.pdf"
    page.pdf(path=str(target), prefer_css_page_size=True)
    page.close()
    width, height = (float(v) for v in PdfReader(str(target)).pages[0].mediabox[2:])
    assert (round(width), round(height)) == ((842, 595) if sideways else (595, 842))
