"""Printed documents, produced for real with WeasyPrint and read back with Poppler and pypdf."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT
from legs import corpus as corpus_module
from legs import printing
from legs.content.settings import Settings
from legs.corpus import forms
from legs.printing import certificates, guide, issuer
from legs.text.french import NNBSP, french, number

A4 = (595.3, 841.9)


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def assert_a4(pdf: Path, landscape: bool = False) -> None:
    for page in PdfReader(str(pdf)).pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        expected = A4[::-1] if landscape else A4
        assert abs(size[0] - expected[0]) < 1 and abs(size[1] - expected[1]) < 1, size


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    example = corpus_module.load(Settings.load(ROOT))
    grids, problems = forms.load_forms(ROOT / "docs", lambda p: p.name)
    assert problems == []
    out = tmp_path_factory.mktemp("pdf")
    printing.build_all(example, grids, out)
    return example, grids, out


def test_the_guide_has_a_cover_contents_and_a_page_per_chapter(printed) -> None:
    _, _, out = printed
    pdf = out / printing.GUIDE_PDF
    assert_a4(pdf)
    order = issuer.load(Settings.load(ROOT)).guide_order
    chapters = [(name, " ".join(title.split()), text) for name, title, text in guide.chapters(ROOT / "docs" / "guide", order)]
    assert [name for name, _, _ in chapters][:len(order)] == list(order)  # the nav's order
    pages = pages_text(pdf)
    assert len(pages) >= len(chapters) + 2
    assert "Guide méthodologique" in pages[0] and "Sommaire" in pages[1]
    for number, page in enumerate(pages, start=1):
        body = re.sub(r"page \d+ sur \d+", "", page).strip()
        assert body, f"page {number} vide"
    starts = {}
    for number, page in enumerate(pages[2:], start=3):
        lines = [" ".join(line.replace("’", "'").split()) for line in page.splitlines() if line.strip()]
        # A chapter page shows the running title, then the chapter's own title first.
        for _, title, _ in chapters:
            if title in lines[:3]:
                starts.setdefault(title, number)
    assert set(starts) == {title for _, title, _ in chapters}
    contents = " ".join(pages[1].replace("’", "'").split())
    for _, title, _ in chapters:
        listed = re.search(re.escape(title) + r"[ .]*?(\d+)", contents)
        assert listed and int(listed.group(1)) == starts[title], title


def test_each_grid_is_an_a4_pdf_with_its_sections(printed) -> None:
    _, grids, out = printed
    assert len(grids) >= 11
    # The grids with wide tables to write in (orientation: paysage) print sideways, the others upright.
    assert [g.id for g in grids if g.landscape] == ["plan-action"]
    for grid in grids:
        pdf = out / printing.form_pdf(grid.id)
        assert_a4(pdf, landscape=grid.landscape)
        # French typography: the PDF shows « ’ » where the YAML has « ' ».
        text = " ".join(" ".join(pages_text(pdf)).split()).replace("\u2019", "'")
        assert grid.title in text
        for section in grid.sections:
            assert " ".join(section["titre"].split()) in text, (grid.id, section["titre"])


def test_poster_and_leaflet(printed) -> None:
    _, _, out = printed
    assert_a4(out / "kit" / "affiche.pdf")
    flyer = PdfReader(str(out / "kit" / "depliant.pdf")).pages[0]
    assert abs(float(flyer.mediabox.width) - 419.5) < 1  # A5
    assert "Ce que vous savez faire mérite de rester." in " ".join(pages_text(out / "kit" / "affiche.pdf")[0].split())
    assert "Transmettre avant de partir" in " ".join(pages_text(out / "kit" / "depliant.pdf")[0].split())


def test_a_certificate_for_each_record_with_a_named_author(printed) -> None:
    example, _, out = printed
    eligible = certificates.eligible(example)
    assert eligible
    assert sorted(p.stem for p in (out / "certificats").glob("*.pdf")) == sorted(r.id for r in eligible)
    record = eligible[0]
    pdf = out / printing.certificate_pdf(record.id)
    assert_a4(pdf, landscape=True)
    text = " ".join(" ".join(pages_text(pdf)).split())
    assert example.registry.get(record.author).name in text and "Certificat de legs" in text
    assert example.circles[record.circle_id].title in text


def test_a_withdrawn_person_gets_no_certificate(kit: Path, tmp_path: Path) -> None:
    example = corpus_module.load(Settings.load(kit))
    record = certificates.eligible(example)[0]
    person = example.registry.get(record.author)
    registry = kit / "competences" / "personnes.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(f"  - id: {person.id}\n", f"  - id: {person.id}\n    retrait: true\n"),
                        encoding="utf-8")
    withdrawn = corpus_module.load(Settings.load(kit))
    out = tmp_path / "pdf"
    printing.build_all(withdrawn, [], out)
    assert not (out / printing.certificate_pdf(record.id)).exists()
    for pdf in (out / "certificats").glob("*.pdf"):
        assert person.name not in " ".join(pages_text(pdf))


def test_badges_are_accessible_svg(printed) -> None:
    example, _, out = printed
    for circle in example.circles.values():
        root = ET.parse(out / printing.badge_svg(circle.id)).getroot()
        title = root.find("{http://www.w3.org/2000/svg}title")
        assert root.get("role") == "img" and circle.title in title.text


def test_every_grid_validates_and_a_broken_one_names_file_and_line(tmp_path: Path) -> None:
    grids, problems = forms.load_forms(ROOT / "docs", lambda p: p.name)
    assert problems == [] and len(grids) >= 9
    (tmp_path / "grilles").mkdir()
    good = (ROOT / "docs/grilles/plan-action.yml").read_text(encoding="utf-8")
    (tmp_path / "grilles" / "plan-action.yml").write_text(good.replace("phase: 3", "phase: 9"), encoding="utf-8")
    _, problems = forms.load_forms(tmp_path, lambda p: p.name)
    assert [(p.path, p.line, p.code) for p in problems] == [("plan-action.yml", 9, "LG210")]
    # An element of the wrong shape is told as the kind it says it is: its key and its limit.
    wide = good.replace("colonnes: [Action, Qui,", "colonnes: [Action, Qui, Avec qui, Où,")
    (tmp_path / "grilles" / "plan-action.yml").write_text(wide, encoding="utf-8")
    _, problems = forms.load_forms(tmp_path, lambda p: p.name)
    assert [(p.code, p.line) for p in problems] == [("LG210", wide.splitlines().index(
        next(line for line in wide.splitlines() if "Avec qui" in line)) + 1)]
    assert "colonnes" in str(problems[0]) and "6 éléments" in str(problems[0])


def test_french_typography_spares_tags_code_and_entities() -> None:
    html = "<p>Attention : voici « le piège » ! Et 40 % de 3 jours.</p><code>a : b</code><p>A &amp; B</p>"
    result = french(html)
    assert f"Attention{NNBSP}:" in result and f"«{NNBSP}le" in result and f"piège{NNBSP}»" in result
    assert f"{NNBSP}!" in result and "40\u00a0%" in result and "3\u00a0jours" in result
    assert "<code>a : b</code>" in result and "&amp;" in result


def test_one_page_documents_are_laid_out_in_batches_on_every_core(tmp_path: Path, monkeypatch) -> None:
    """Certificates are laid out many at a time, then split: each must still be its own PDF."""
    from legs.printing import pdf

    monkeypatch.setattr(pdf, "BATCH", 2)
    documents = [(f"Certificat {n}", f"<h1>Certificat numéro {n}</h1>", tmp_path / "pdf" / f"c{n}.pdf") for n in range(5)]
    cache = tmp_path / "cache"
    pdf.render_pages(documents, ("certificat.css",), cache)
    for title, _, target in documents:
        reader = PdfReader(target)
        assert len(reader.pages) == 1 and reader.metadata.title == title
        assert f"Certificat numéro {title.split()[-1]}" in reader.pages[0].extract_text()
    assert len(list(cache.glob("*.pdf"))) == 5
    (tmp_path / "pdf" / "c3.pdf").unlink()
    pdf.render_pages(documents, ("certificat.css",), cache)  # from the cache this time
    assert PdfReader(tmp_path / "pdf" / "c3.pdf").metadata.title == "Certificat 3"


def test_numbers_are_written_the_french_way() -> None:
    assert number(83.333, 1, "%") == "83,3\u00a0%"
    assert number(1234) == f"1{NNBSP}234" and number(7.0) == "7" and number(12.5) == "12,5"


def test_grids_end_on_a_page_worth_printing_without_screen_reader_captions(printed) -> None:
    _, grids, out = printed
    for grid in grids:
        pages = pages_text(out / printing.form_pdf(grid.id))
        text = " ".join(" ".join(pages).split())
        # « Tableau à remplir », « Une case par ligne »: captions for screen readers on the web page only.
        assert "Tableau à remplir" not in text and "Une case par ligne" not in text, grid.id
        # A last page holding a heading and a few lines is a sheet wasted: the grid is laid out tighter.
        assert len(pages) == 1 or len(pages[-1].split()) >= 25, (grid.id, pages[-1])


def test_the_paper_record_has_the_sections_of_a_record_in_their_order(printed) -> None:
    """The référent copies a paper record onto the site: same sections, same order, same scales."""
    from legs.content.model import CRITICALITY, RARITY, SECTIONS

    _, grids, out = printed
    paper = next(g for g in grids if g.id == "fiche-legs-papier")
    titles = [section["titre"] for section in paper.sections]
    assert [t for t in titles if t in SECTIONS] == list(SECTIONS)
    scales = [e["echelle"] for s in paper.sections for e in s["elements"] if e["type"] == "echelle"]
    assert [[level.lower() for level in scale] for scale in scales] == [list(CRITICALITY), list(RARITY)]
    text = " ".join(" ".join(pages_text(out / printing.form_pdf(paper.id))).split())
    assert all(section in text for section in SECTIONS)
