"""Printable forms (« grilles »): written once as YAML data, rendered as one HTML fragment
that serves both the site page and the A4 PDF (each with its own stylesheet)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import source
from .markup import html as escape
from .problems import Problem
from .rules import front_matter

FORMS_DIR = "grilles"


@dataclass(frozen=True)
class Form:
    id: str
    title: str
    purpose: str
    usage: str
    phase: int
    header: tuple[str, ...]
    sections: tuple[dict, ...]  # validated by the schema; rendered by form_html
    path: Path


def load_forms(docs_dir: Path, rel) -> tuple[list[Form], list[Problem]]:
    """Every docs/grilles/*.yml, checked against grille.schema.json."""
    forms, problems = [], []
    for path in sorted((docs_dir / FORMS_DIR).glob("*.yml")):
        if path.is_symlink() or not path.is_file():
            continue  # never read (a pipe would block): the validator refuses it (LG106, LG107)
        name = rel(path)
        try:
            text = source.decode(path.read_bytes())
        except source.SourceError as exc:
            from .rules.files import ENCODING

            problems.append(ENCODING.at(name, exc.line))
            continue
        doc, found = front_matter.read(name, text, 1)
        if doc is not None:
            found += list(front_matter.check_schema(name, doc.data, doc, "grille"))
            if doc.data.get("id") not in (None, path.stem):
                found.append(front_matter.BAD_FORMAT.at(name, doc.line_of(("id",)), key="id",
                                                        detail=f"l'identifiant doit être le nom du fichier, « {path.stem} »"))
        problems += found
        if doc is None or found:
            continue
        data = doc.data
        forms.append(Form(data["id"], data["titre"], data["objet"], data["utilisation"], data["phase"],
                          tuple(data.get("en_tete", [])), tuple(data["sections"]), path))
    return forms, problems


def _lines(count: int) -> str:
    return '<div class="grille-lignes">' + '<span class="grille-ligne"></span>' * count + "</div>"


def _element(element: dict, ident: str) -> str:
    kind = element["type"]
    if kind == "texte":
        return f'<p class="grille-texte">{escape(element["texte"])}</p>'
    if kind == "champs":
        return "".join(f'<div class="grille-champ"><p class="grille-libelle">{escape(c["libelle"])}</p>{_lines(c.get("lignes", 1))}</div>'
                       for c in element["champs"])
    if kind == "question":
        return f'<div class="grille-champ"><p class="grille-libelle">{escape(element["question"])}</p>{_lines(element.get("lignes", 3))}</div>'
    if kind == "cases":
        return '<ul class="grille-cases">' + "".join(f'<li><span class="grille-case" aria-hidden="true"></span>{escape(c)}</li>'
                                                     for c in element["cases"]) + "</ul>"
    if kind == "signatures":
        return '<div class="grille-signatures">' + "".join(
            f'<div class="grille-signature"><p>{escape(s)}</p><p class="grille-petit">Date et signature</p></div>'
            for s in element["signataires"]) + "</div>"
    if kind == "echelle":
        head = "".join(f'<th scope="col">{escape(level)}</th>' for level in element["echelle"])
        rows = "".join(f'<tr><th scope="row">{escape(q)}</th>' + '<td><span class="grille-case" aria-hidden="true"></span></td>' * len(element["echelle"]) + "</tr>"
                       for q in element["questions"])
        return f'<table class="grille-tableau grille-echelle"><caption class="grille-legende">Une case par ligne</caption><thead><tr><th scope="col">Question</th>{head}</tr></thead><tbody>{rows}</tbody></table>'
    columns = element["colonnes"]
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
    if element.get("rangees"):
        rows = "".join(f'<tr><th scope="row">{escape(r)}</th>' + "<td></td>" * (len(columns) - 1) + "</tr>" for r in element["rangees"])
    else:
        rows = ("<tr>" + "<td></td>" * len(columns) + "</tr>") * element.get("lignes", 5)
    return f'<table class="grille-tableau"><caption class="grille-legende">Tableau à remplir</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def form_html(form: Form) -> str:
    """The grid as HTML, every string escaped; no heading level 1 (the page gives it)."""
    parts = [f'<div class="grille" id="grille-{form.id}">',
             f'<p class="grille-objet">{escape(form.purpose)}</p>',
             f'<p class="grille-utilisation"><strong>Utilisation :</strong> {escape(form.usage)}</p>']
    if form.header:
        parts.append('<div class="grille-entete">' + "".join(
            f'<div class="grille-champ grille-champ--court"><p class="grille-libelle">{escape(h)}</p>{_lines(1)}</div>' for h in form.header) + "</div>")
    for index, section in enumerate(form.sections):
        parts.append(f'<section class="grille-section"><h2>{escape(section["titre"])}</h2>')
        if section.get("consigne"):
            parts.append(f'<p class="grille-consigne">{escape(section["consigne"])}</p>')
        parts += [_element(element, f"{form.id}-{index}-{n}") for n, element in enumerate(section["elements"])]
        parts.append("</section>")
    parts.append("</div>")
    return "\n".join(parts)
