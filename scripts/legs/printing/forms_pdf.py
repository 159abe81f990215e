"""Each grid as an A4 PDF with boxes and lines to write in."""

from __future__ import annotations

from pathlib import Path

from ..corpus.forms import Form, form_html
from ..text.markup import html as escape
from . import pdf


def build(form: Form, target: Path, cache_dir: Path | None = None) -> Path:
    body = (f'<header class="grille-titre"><p class="grille-surtitre">Legs de compétences · phase {form.phase}</p>'
            f'<h1>{escape(form.title)}</h1></header>{form_html(form)}')
    sheets = ("grille.css", "grille-paysage.css") if form.landscape else ("grille.css",)
    return pdf.render(pdf.page(form.title, body), sheets, target, cache_dir, tighter=("grille-serree.css",))
