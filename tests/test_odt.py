"""Editable documents (.odt): written from the same HTML as the web page and the PDF, and
opened by the real LibreOffice, as the organisations that adapt them will."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from conftest import ROOT
from legs.corpus.forms import Form, form_html, load_forms
from legs.printing import odt

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None and not __import__("os").environ.get("CI"),
                                       reason="LibreOffice (paquet libreoffice-writer-nogui) absent")


def _as_text(files: list[Path], work: Path) -> dict[str, str]:
    """Each .odt converted to PDF by LibreOffice, then to text by Poppler."""
    assert SOFFICE, "LibreOffice est requis en intégration continue"
    profile = work / "profil-libreoffice"  # its own profile: parallel runs do not share a lock
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work / "pdf"), *map(str, files)], check=True, capture_output=True, timeout=300)
    texts = {}
    for path in files:
        pdf = work / "pdf" / (path.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice n'a pas pu ouvrir {path.name}"
        texts[path.stem] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                          capture_output=True, text=True).stdout
    return texts


def test_an_odt_file_follows_the_packaging_rules(tmp_path: Path) -> None:
    forms, _ = load_forms(ROOT / "docs", str)
    target = odt.write(tmp_path / "grille.odt", forms[0].title, form_html(forms[0]))
    with zipfile.ZipFile(target) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == odt.MIMETYPE.encode()
        for name in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"):
            ET.fromstring(archive.read(name))  # well-formed XML
    # Same source, same bytes: an unchanged grid does not produce a new file.
    assert odt.document("x", "<p>a</p>") == odt.document("x", "<p>a</p>")


@needs_libreoffice
def test_every_grid_opens_in_libreoffice_with_its_content(tmp_path: Path) -> None:
    forms, problems = load_forms(ROOT / "docs", str)
    assert forms and not problems
    files = [odt.write(tmp_path / f"{form.id}.odt", form.title, form_html(form), landscape=form.landscape)
             for form in forms]
    texts = _as_text(files, tmp_path)
    for form in forms:
        # LibreOffice lays the page out as the PDF does: sideways for the grids with wide tables.
        width, height = (float(v) for v in PdfReader(str(tmp_path / "pdf" / f"{form.id}.pdf")).pages[0].mediabox[2:])
        assert (width > height) == form.landscape, (form.id, width, height)
        text = " ".join(texts[form.id].split())
        assert " ".join(form.title.replace("'", "’").split()) in text, form.id
        for section in form.sections:
            assert " ".join(section["titre"].replace("'", "’").split())[:40] in text, (form.id, section["titre"])
        # The screen readers' caption of the web page is not printed.
        assert "Tableau à remplir" not in text and "Une case par ligne" not in text


@needs_libreoffice
def test_hostile_text_stays_text_in_an_odt(tmp_path: Path) -> None:
    hostile = '</text:p><text:p>injecté & <script>alert(1)</script> ]]> "\'<'
    form = Form("essai", hostile, hostile, hostile, 1, (hostile,),
                ({"titre": hostile, "elements": [{"type": "tableau", "colonnes": [hostile, "b"], "lignes": 1}]},),
                tmp_path / "essai.yml")
    target = odt.write(tmp_path / "essai.odt", hostile, form_html(form))
    with zipfile.ZipFile(target) as archive:
        content = ET.fromstring(archive.read("content.xml"))
    paragraphs = content.iter("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p")
    assert any("</text:p><text:p>injecté &" in "".join(p.itertext()) for p in paragraphs)
    assert "</text:p><text:p>injecté" in _as_text([target], tmp_path)["essai"]


@needs_libreoffice
def test_the_kit_models_are_editable_documents(tmp_path: Path) -> None:
    """`legs imprimer` writes, beside the PDFs, the e-mail templates and the certificate's model."""
    forms, _ = load_forms(ROOT / "docs", str)
    written = odt.build_editable(forms, ROOT / "docs", tmp_path / "sortie")
    names = {path.relative_to(tmp_path / "sortie").as_posix() for path in written}
    assert {"kit/modeles-de-courriels.odt", odt.CERTIFICATE} <= names
    assert {f"grilles/{form.id}.odt" for form in forms} <= names
    texts = _as_text([tmp_path / "sortie" / "kit" / "modeles-de-courriels.odt", tmp_path / "sortie" / odt.CERTIFICATE],
                     tmp_path)
    mails = " ".join(texts["modeles-de-courriels"].split())
    assert "Appel à volontaires" in mails and "Objet" in mails and "[prénom]" in mails
    certificate = " ".join(texts["modele-certificat"].split())
    assert "Certificat de legs" in certificate and "[Prénom et nom]" in certificate and "Signature" in certificate
