"""Site pages for what the kit prints: the grids, and the certificates and badges."""

from __future__ import annotations

from .. import printing
from ..corpus import Corpus
from ..corpus.forms import Form, form_html
from ..printing import certificates
from ..text.markup import html as escape
from ..text.markup import html_list, html_text, md, site_url
from .common import LISTING_META, GeneratedPage, front_matter

PDF_DIR = "pdf"


# The grid pages are two levels deep (grilles/<id>/: the kit requires use_directory_urls, LG121).
def _pdf_button(target: str, text: str) -> str:
    """Raw HTML link: the PDFs are written after the pages, so MkDocs cannot check them."""
    return f'<a class="md-button legs-telechargement" href="../../{PDF_DIR}/{escape(site_url(target))}" download>{escape(text)}</a>'


# Loaded by the grid pages only, never by the rest of the site.
_SCREEN_ASSETS = ('<link rel="stylesheet" href="../../assets/grilles.css">'
                  '<script src="../../assets/javascripts/grilles.js" defer></script>')


def form_page(form: Form) -> GeneratedPage:
    meta = {**LISTING_META, "legs_hors_recherche": False, "title": form.title}
    body = (f"# {md(form.title)}\n\n" + _pdf_button(printing.form_pdf(form.id), "Télécharger la grille à imprimer (PDF, A4)")
            + " " + _pdf_button(printing.form_odt(form.id), "Version modifiable (ODT, LibreOffice)")
            + "\n\n" + _SCREEN_ASSETS + "\n" + form_html(form, "ecran") + "\n")
    return GeneratedPage(f"grilles/{form.id}.md", front_matter(meta) + body, "listing", nav_after="grilles/index.md")


def forms_index(forms: list[Form]) -> GeneratedPage:
    lines = ["# Grilles et trames", "",
             "Chaque grille se remplit à la main ou à l'écran. Elle existe en page web et en PDF au format A4, "
             "prêt à imprimer, avec des cases et des lignes pour écrire.", "",
             "| Grille | Phase du guide | À quoi elle sert | PDF |", "| --- | --- | --- | --- |"]
    for form in sorted(forms, key=lambda f: (f.phase, f.title)):
        pdf = f'<a href="../{PDF_DIR}/{escape(site_url(printing.form_pdf(form.id)))}" download>PDF</a>'
        lines.append(f"| [{md(form.title)}]({form.id}.md) | {form.phase} | {md(form.purpose)} | {pdf} |")
    return GeneratedPage("grilles/index.md", front_matter(LISTING_META) + "\n".join(lines) + "\n", "listing")


def recognition_page(corpus: Corpus) -> GeneratedPage:
    """Certificates of the published records and the circles' badges."""
    lines = ["# Certificats et blasons", "",
             "Chaque fiche legs publiée vaut à son auteur ou à son autrice un certificat de legs, remis lors "
             "d'une cérémonie de reconnaissance ; chaque cercle a son blason. Les personnes qui ont retiré leur "
             "nom du site n'ont pas de certificat à leur nom.", "", "## Certificats de legs", ""]
    lines += html_list(_download(record.title, printing.certificate_pdf(record.id), "certificat (PDF)")
                       for record in certificates.eligible(corpus))
    lines += ["", "## Blasons des cercles", ""]
    lines += html_list(_download(circle.title, printing.badge_svg(circle.id), "blason (SVG)")
                       for circle in sorted(corpus.circles.values(), key=lambda c: c.title))
    return GeneratedPage("kit/reconnaissance.md", front_matter(LISTING_META) + "\n".join(lines) + "\n", "listing",
                         nav_after="kit/index.md")


def _download(title: str, name: str, label: str) -> str:
    """A list item of the recognition page: `title` (plain text), then a link to download `name`."""
    return f'{html_text(title)} — <a href="../../{PDF_DIR}/{escape(site_url(name))}" download>{label}</a>'
