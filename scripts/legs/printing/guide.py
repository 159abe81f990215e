"""The methodological guide as one PDF: cover, contents with page numbers, one chapter a page.

The chapters come in the order of the « Guide méthodologique » section of mkdocs.yml's nav,
so that a chapter added there is printed too. Writers mark what only makes sense on screen
with the class `ecran-seulement`, and what only makes sense on paper with
`impression-seulement` (attr_list), on a paragraph or a heading:

    Cliquez sur le bouton ci-dessous pour télécharger le guide.
    { .ecran-seulement }

or on an admonition, after its type: `!!! tip ecran-seulement "Sur le site"`.
The guide's PDF leaves out the first; the site must leave out the second (docs/assets/legs.css).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from html import escape
from pathlib import Path

import markdown

from . import cover, pdf
from .issuer import Issuer

EXTENSIONS = ["toc", "admonition", "attr_list", "def_list", "footnotes", "tables"]
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_H1 = re.compile(r"^# (.+)$", re.M)
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\bhref="([^"]*)"')
_BUTTON = re.compile(r'\bclass="[^"]*\bmd-button\b')


def chapters(guide_dir: Path, order: tuple[str, ...] | list[str] = ()) -> list[tuple[str, str, str]]:
    """(chapter id, title, Markdown body without its H1) for each chapter that exists: those of
    `order` (the nav) first, then any other page of the folder, so that nothing is left out."""
    present = {path.stem for path in guide_dir.glob("*.md") if path.is_file() and not path.is_symlink()}
    rest = sorted(present - set(order), key=lambda name: (name != "index", name))
    found = []
    for name in [*[n for n in order if n in present], *rest]:
        text = _FRONT.sub("", (guide_dir / f"{name}.md").read_text(encoding="utf-8"))
        title = _H1.search(text)
        found.append((name, title.group(1).strip() if title else name, _H1.sub("", text, count=1)))
    return found


def markdown_page(path: Path) -> tuple[str, str]:
    """(title, HTML body without its H1) of one page of docs/ written in Markdown."""
    text = _FRONT.sub("", path.read_text(encoding="utf-8"))
    title = _H1.search(text)
    return (title.group(1).strip() if title else path.stem,
            markdown.markdown(_H1.sub("", text, count=1), extensions=EXTENSIONS))


def _site_address(site: str, target: str) -> str:
    """The address on the site of a page linked from the guide (`../contribuer/index.md`)."""
    if not site or not target.endswith(".md"):
        return ""
    path = posixpath.normpath(posixpath.join("guide", target))
    if path.startswith("../"):
        return ""
    path = re.sub(r"(^|/)index\.md$", r"\1", path)
    path = re.sub(r"\.md$", "/", path)
    return escape(site.rstrip("/")) + "/" + path  # `target` comes escaped from Markdown already


def _links(html: str, names: set[str], site: str = "") -> str:
    """Links between chapters stay links inside the PDF. A link elsewhere becomes its text,
    with the address a reader can type in a footnote (when it is known); a button disappears."""
    def replace(match: re.Match) -> str:
        attributes, text = match.groups()
        href = _HREF.search(attributes).group(1) if _HREF.search(attributes) else ""
        if _BUTTON.search(attributes):
            return ""  # « Télécharger… », « Proposer… »: actions of the web page only
        target = href.split("#")[0]
        stem = Path(target).stem if target.endswith(".md") and "/" not in target.strip("./") else None
        if stem in names:
            return f'<a href="#chapitre-{stem}">{text}</a>'
        address = href if href.startswith(("http://", "https://")) else _site_address(site, target)
        shown = re.sub(r"<[^>]+>", "", text).strip()
        if address and shown != address:
            return f'<span class="lien">{text}</span><span class="adresse">{address}</span>'
        return f'<span class="lien">{text}</span>'
    return _LINK.sub(replace, html)


def html(guide_dir: Path, today: dt.date, issuer: Issuer | None = None) -> str:
    issuer = issuer or Issuer()
    found = chapters(guide_dir, issuer.guide_order)
    names = {name for name, _, _ in found}
    contents = "".join(f'<li><a href="#chapitre-{name}">{escape(title)}</a></li>' for name, title, _ in found)
    body = [
        cover.html(issuer, today),
        f'<nav class="sommaire"><h1 class="sommaire-titre">Sommaire</h1><ol>{contents}</ol>'
        f"{cover.colophon(issuer, today)}</nav>",
    ]
    for name, title, text in found:
        rendered = markdown.markdown(text, extensions=EXTENSIONS)
        body.append(f'<section class="chapitre" id="chapitre-{name}"><h1>{escape(title)}</h1>'
                    f"{_links(rendered, names, issuer.site)}</section>")
    return pdf.page("Guide méthodologique — Legs de compétences", "".join(body))


def build(guide_dir: Path, target: Path, cache_dir: Path | None = None, today: dt.date | None = None,
          issuer: Issuer | None = None) -> Path:
    return pdf.render(html(guide_dir, today or dt.date.today(), issuer), ("guide.css",), target, cache_dir)
