"""The methodological guide as one PDF: cover, contents with page numbers, one chapter a page."""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from pathlib import Path

import markdown

from ..views import french_date
from . import pdf

# The order of the chapters, as in the site's navigation.
CHAPTERS = ("index", "pourquoi", "roles", "phase-1-cadrage", "phase-2-mobilisation", "phase-3-animation",
            "phase-4-evaluation", "phase-5-extension", "calendrier", "faq", "glossaire")
EXTENSIONS = ["toc", "admonition", "attr_list", "def_list", "footnotes", "tables"]
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_H1 = re.compile(r"^# (.+)$", re.M)


def chapters(guide_dir: Path) -> list[tuple[str, str, str]]:
    """(chapter id, title, Markdown body without its H1) for each chapter that exists."""
    found = []
    for name in CHAPTERS:
        path = guide_dir / f"{name}.md"
        if not path.exists():
            continue
        text = _FRONT.sub("", path.read_text(encoding="utf-8"))
        title = _H1.search(text)
        found.append((name, title.group(1).strip() if title else name, _H1.sub("", text, count=1)))
    return found


def _links(html: str, names: set[str]) -> str:
    """Links between chapters become links inside the PDF; other links become plain text."""
    def replace(match: re.Match) -> str:
        href, text = match.group(1), match.group(2)
        target = href.split("#")[0]
        stem = Path(target).stem if target.endswith(".md") and "/" not in target.strip("./") else None
        if stem in names:
            return f'<a href="#chapitre-{stem}">{text}</a>'
        return f'<span class="lien">{text}</span>'
    return re.sub(r'<a href="([^"]*)"[^>]*>(.*?)</a>', replace, html, flags=re.S)


def html(guide_dir: Path, today: dt.date) -> str:
    found = chapters(guide_dir)
    names = {name for name, _, _ in found}
    contents = "".join(f'<li><a href="#chapitre-{name}">{escape(title)}</a></li>' for name, title, _ in found)
    body = [
        '<section class="couverture"><p class="couverture-surtitre">Legs de compétences</p>'
        '<h1 class="couverture-titre">Guide méthodologique</h1>'
        '<p class="couverture-sous-titre">Transmettre les savoir-faire des agents publics : cercles de compétences, '
        'binômes et fiches legs, pas à pas</p>'
        f'<p class="couverture-date">Édition du {french_date(today)}</p></section>',
        f'<nav class="sommaire"><h1 class="sommaire-titre">Sommaire</h1><ol>{contents}</ol></nav>',
    ]
    for name, title, text in found:
        rendered = markdown.markdown(text, extensions=EXTENSIONS)
        body.append(f'<section class="chapitre" id="chapitre-{name}"><h1>{escape(title)}</h1>{_links(rendered, names)}</section>')
    return pdf.page("Guide méthodologique — Legs de compétences", "".join(body))


def build(guide_dir: Path, target: Path, cache_dir: Path | None = None, today: dt.date | None = None) -> Path:
    return pdf.render(html(guide_dir, today or dt.date.today()), ("guide.css",), target, cache_dir)
