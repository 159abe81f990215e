"""Printable forms (« grilles »): written once as YAML data, rendered as one HTML fragment
that serves both the site page and the A4 PDF (each with its own stylesheet)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content import source
from ..content.problems import Problem
from ..rules import front_matter
from ..text.markup import html as escape

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
    landscape: bool = False  # wide tables: printed on an A4 page turned sideways


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
            from ..rules.files import ENCODING

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
                          tuple(data.get("en_tete", [])), tuple(data["sections"]), path,
                          data.get("orientation") == "paysage"))
    return forms, problems


PAPER, SCREEN = "papier", "ecran"


class _Render:
    """One grid rendered for paper (lines and boxes to write in) or for the screen (form
    controls). Each element type has one code path; only the writing spot differs by mode."""

    def __init__(self, form: Form, mode: str) -> None:
        if mode not in (PAPER, SCREEN):
            raise ValueError(mode)
        self.form, self.screen = form, mode == SCREEN

    def ident(self, key: str) -> str:
        # Keys are made of positions only (section, element, row…): safe in id and name attributes.
        return f"g-{self.form.id}-{key}"

    def lines(self, count: int) -> str:
        return '<div class="grille-lignes">' + '<span class="grille-ligne"></span>' * count + "</div>"

    def writing(self, key: str, count: int, label: str | None = None) -> str:
        """Where a person writes: ruled lines on paper, a text field on screen."""
        if not self.screen:
            return self.lines(count)
        ident = self.ident(key)
        named = f' aria-label="{escape(label)}"' if label is not None else ""
        if count <= 1:
            return f'<input type="text" class="grille-saisie" id="{ident}" name="{ident}"{named}>'
        return f'<textarea class="grille-saisie" id="{ident}" name="{ident}" rows="{count}"{named}></textarea>'

    def field(self, key: str, label: str, count: int, extra: str = "") -> str:
        tag = f'label for="{self.ident(key)}"' if self.screen else "p"
        return (f'<div class="grille-champ{extra}"><{tag} class="grille-libelle">{escape(label)}</{tag.split()[0]}>'
                f'{self.writing(key, count)}</div>')

    def box(self, key: str, label: str) -> str:
        if not self.screen:
            return f'<span class="grille-case" aria-hidden="true"></span>{escape(label)}'
        ident = self.ident(key)
        return f'<input type="checkbox" id="{ident}" name="{ident}"><label for="{ident}">{escape(label)}</label>'

    def element(self, element: dict, key: str) -> str:
        kind = element["type"]
        if kind == "texte":
            return f'<p class="grille-texte">{escape(element["texte"])}</p>'
        if kind == "champs":
            return "".join(self.field(f"{key}-{n}", c["libelle"], c.get("lignes", 1)) for n, c in enumerate(element["champs"]))
        if kind == "question":
            return self.field(key, element["question"], element.get("lignes", 3))
        if kind == "cases":
            return '<ul class="grille-cases">' + "".join(f"<li>{self.box(f'{key}-{n}', c)}</li>"
                                                         for n, c in enumerate(element["cases"])) + "</ul>"
        if kind == "signatures":
            return self.signatures(element["signataires"], key)
        if kind == "echelle":
            return self.scale(element, key)
        return self.table(element, key)

    def signatures(self, people: list, key: str) -> str:
        if not self.screen:
            return '<div class="grille-signatures">' + "".join(
                f'<div class="grille-signature"><p>{escape(s)}</p><p class="grille-petit">Date et signature</p></div>'
                for s in people) + "</div>"
        return '<div class="grille-signatures">' + "".join(
            f'<fieldset class="grille-signature"><legend>{escape(s)}</legend>'
            + self.field(f"{key}-{n}-nom", "Nom", 1) + self.field(f"{key}-{n}-date", "Date", 1) + "</fieldset>"
            for n, s in enumerate(people)) + "</div>"

    def scale(self, element: dict, key: str) -> str:
        levels, questions = element["echelle"], element["questions"]
        if self.screen:
            # One group of radio buttons per question: one choice each, named by its legend.
            groups = []
            for q, question in enumerate(questions):
                name = self.ident(f"{key}-{q}")
                choices = "".join(f'<span class="grille-choix"><input type="radio" id="{name}-{n}" name="{name}" value="{n}">'
                                  f'<label for="{name}-{n}">{escape(level)}</label></span>' for n, level in enumerate(levels))
                groups.append(f'<fieldset class="grille-question"><legend>{escape(question)}</legend>{choices}</fieldset>')
            return '<div class="grille-echelle">' + "".join(groups) + "</div>"
        head = "".join(f'<th scope="col">{escape(level)}</th>' for level in levels)
        rows = "".join(f'<tr><th scope="row">{escape(q)}</th>' + '<td><span class="grille-case" aria-hidden="true"></span></td>' * len(levels) + "</tr>"
                       for q in questions)
        return f'<table class="grille-tableau grille-echelle"><thead><tr><th scope="col">Question</th>{head}</tr></thead><tbody>{rows}</tbody></table>'

    def table(self, element: dict, key: str) -> str:
        columns, named_rows = element["colonnes"], element.get("rangees")
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
        if named_rows:
            rows = [(r, [f"{r} — {c}" for c in columns[1:]]) for r in named_rows]
        else:
            rows = [(None, [f"{c}, ligne {n + 1}" for c in columns]) for n in range(element.get("lignes", 5))]
        body = ""
        for r, (row, labels) in enumerate(rows):
            # Paper: an empty cell to write in; screen: a field named by its row and column.
            cells = "".join(f"<td>{self.writing(f'{key}-{r}-{c}', 2, label) if self.screen else ''}</td>"
                            for c, label in enumerate(labels))
            body += "<tr>" + (f'<th scope="row">{escape(row)}</th>' if row is not None else "") + cells + "</tr>"
        wide = " grille-tableau--large" if len(columns) >= 5 else ""
        table = f'<table class="grille-tableau{wide}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        if not self.screen:
            return table
        # On a phone the table scrolls inside its own frame, reachable and named for the keyboard.
        return (f'<p class="grille-defiler" aria-hidden="true">Faites glisser le tableau de côté pour voir toutes les colonnes.</p>'
                f'<div class="grille-cadre" role="region" tabindex="0" aria-label="Tableau à remplir : {escape(", ".join(columns))}">'
                f"{table}</div>")

    def html(self) -> str:
        form = self.form
        sideways = " grille--paysage" if form.landscape else ""
        if self.screen:
            opening = (f'<div class="grille grille--ecran{sideways}" id="grille-{form.id}" data-grille="{escape(form.id)}" data-etat="chargement">'
                       + _SCREEN_TOOLS)
        else:
            opening = f'<div class="grille{sideways}" id="grille-{form.id}">'
        parts = [opening, f'<p class="grille-objet">{escape(form.purpose)}</p>',
                 f'<p class="grille-utilisation"><strong>Utilisation :</strong> {escape(form.usage)}</p>']
        if form.header:
            parts.append('<div class="grille-entete">' + "".join(
                self.field(f"entete-{n}", h, 1, " grille-champ--court") for n, h in enumerate(form.header)) + "</div>")
        for index, section in enumerate(form.sections):
            parts.append(f'<section class="grille-section"><h2>{escape(section["titre"])}</h2>')
            if section.get("consigne"):
                parts.append(f'<p class="grille-consigne">{escape(section["consigne"])}</p>')
            parts += [self.element(element, f"{index}-{n}") for n, element in enumerate(section["elements"])]
            parts.append("</section>")
        parts.append("</div>")
        return "\n".join(parts)


# Shown by grilles.js only: without the script nothing is kept and the buttons would do nothing.
_SCREEN_TOOLS = ('<div class="grille-outils" hidden>'
                 '<p class="grille-note">Vos réponses restent dans ce navigateur, sur cet ordinateur : elles ne sont '
                 "envoyées nulle part. Imprimez la grille pour la garder ou la transmettre.</p>"
                 '<button type="button" class="md-button md-button--primary" data-action="imprimer">Imprimer</button> '
                 '<button type="button" class="md-button" data-action="effacer">Effacer mes réponses</button>'
                 '<p class="grille-etat" role="status"></p></div>')


def form_html(form: Form, mode: str = PAPER) -> str:
    """The grid as HTML, every string escaped; no heading level 1 (the page gives it).
    `mode` is "papier" (lines and boxes, for the PDF) or "ecran" (a form to fill in on the site)."""
    return _Render(form, mode).html()
