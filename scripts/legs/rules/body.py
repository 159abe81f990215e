"""Rules on the text of records and circles: required sections, headings, links, names."""

from __future__ import annotations

import bisect
import re
from typing import Iterator

from ..content import links
from ..content.model import SECTIONS
from ..content.problems import Problem
from . import ERROR, WARNING, rule
from .front_matter import closest, fold
from .references import UNKNOWN_PERSON

MISSING_SECTION = rule(
    code="LG401", name="section-manquante", severity=ERROR,
    title="Une fiche contient les six sections : Contexte, Situations clés, Pas à pas, Pièges et astuces, Ressources, Qui solliciter.",
    message="la section « ## {section} » manque : ajoutez un titre « ## {section} » suivi de quelques lignes ({hint}).",
    bad="## Contexte\n…\n## Pas à pas\n…   (pas de « ## Situations clés »)",
    good="## Contexte\n…\n## Situations clés\n…\n## Pas à pas\n…",
)
EMPTY_SECTION = rule(
    code="LG402", name="section-vide", severity=ERROR,
    title="Aucune section obligatoire n'est vide.",
    message="la section « ## {section} » est vide : écrivez au moins une phrase ({hint}).",
    bad="## Pièges et astuces\n\n## Ressources",
    good="## Pièges et astuces\n\nNe jamais envoyer le dossier sans relecture du N+1.\n\n## Ressources",
)
TITLE_IN_BODY = rule(
    code="LG403", name="titre-niveau-1", severity=ERROR, applies_to="fiche, cercle",
    title="Le texte ne contient pas de titre de niveau 1 (« # ») : le titre vient de la clé « titre ».",
    message="le titre « # {text} » ferait un second titre de page : supprimez cette ligne (le titre vient de « titre: ») ou écrivez « ## » pour une section.",
    bad="# Mon savoir-faire\n\n## Contexte",
    good="## Contexte",
)
BROKEN_LINK = rule(
    code="LG404", name="lien-casse", severity=ERROR, applies_to="fiche, cercle",
    title="Les liens et images internes mènent à un fichier qui existe.",
    message="« {url} » ne mène à aucun fichier du site : vérifiez le nom du fichier (minuscules, tirets, extension .md ou .png) et le dossier.",
    bad="[La fiche sur le tri](tri-dossier.md)   (le fichier s'appelle tri-des-dossiers.md)",
    good="[La fiche sur le tri](tri-des-dossiers.md)",
)
UNPUBLISHED_LINK = rule(
    code="LG405", name="lien-vers-fiche-non-visible", severity=WARNING,
    title="Une fiche publiée ne renvoie pas vers une fiche absente du site (brouillon, ou interne depuis une fiche publique).",
    message="« {url} » mène à une fiche {why} : sur le site, ce lien sera remplacé par son seul texte.",
    bad="Une fiche publique qui renvoie vers une fiche en brouillon.",
    good="Le lien est ajouté quand la fiche visée est publiée.",
)
NAME_IN_TEXT = rule(
    code="LG406", name="nom-en-clair", severity=ERROR, applies_to="fiche, cercle",
    title="Les personnes du registre sont citées par leur identifiant (@id), jamais par leur nom : une personne qui se retire doit disparaître du site.",
    message="« {name} » est écrit en clair : remplacez-le par « @{person} », que le site transforme en nom tant que la personne l'accepte.",
    bad="Demandez à Anne Leroux, au pôle achats.",
    good="Demandez à @aleroux, au pôle achats.",
)

EMAIL_IN_TEXT = rule(
    code="LG408", name="courriel-en-clair", severity=ERROR, applies_to="fiche, cercle",
    title="L'adresse électronique d'une personne du registre n'est jamais écrite en clair : le site la montre tant que la personne l'accepte.",
    message="l'adresse « {email} » est celle d'une personne du registre : remplacez-la par « @{person} », que le site transforme en coordonnées tant que la personne l'accepte.",
    bad="Écrire à anne.leroux@exemple.gouv.fr.",
    good="Écrire à @aleroux.",
)
TOO_COMPLEX = rule(
    code="LG407", name="texte-trop-complexe", severity=ERROR, applies_to="fiche, cercle",
    title="Un paragraphe compte au plus 300 crochets « [ » et chevrons « < », un texte au plus 3 000, sans imbrication excessive : au-delà, la construction du site deviendrait très lente.",
    message="{where} : découpez le texte en paragraphes plus courts séparés par une ligne vide, et retirez les crochets « [ » et chevrons « < » inutiles (les liens et les images ne sont pas vérifiés tant que ce n'est pas fait).",
    bad="[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[…   (des milliers de crochets d'affilée)",
    good="Un paragraphe avec [un lien](autre-fiche.md) et quelques mots.",
)

MISSPELT_SECTION = rule(
    code="LG409", name="titre-de-section-mal-ecrit", severity=ERROR,
    title="Les titres des six sections sont écrits exactement (accents, majuscules, « clés » et non « clefs »).",
    message="le titre « ## {written} » désigne la section « ## {section} » : écrivez exactement « ## {section} ».",
    bad="## Situations clefs",
    good="## Situations clés",
)
UNKNOWN_SECTION = rule(
    code="LG410", name="section-inconnue", severity=ERROR,
    title="Une fiche n'a pas d'autre titre « ## » que ses six sections ; un sous-titre s'écrit « ### » dans une section.",
    message="le titre « ## {written} » n'est pas une section de fiche : les titres « ## » possibles sont {allowed} ; placez ce texte dans l'une d'elles, au besoin sous un sous-titre « ### {written} ».",
    bad="## Ressources\n…\n## Annexe\n…",
    good="## Ressources\n…\n### Annexe\n…",
)
SECTION_ORDER = rule(
    code="LG411", name="sections-dans-le-desordre", severity=ERROR,
    title="Les six sections sont dans l'ordre : Contexte, Situations clés, Pas à pas, Pièges et astuces, Ressources, Qui solliciter.",
    message="la section « ## {section} » est placée après « ## {previous} » : remettez les sections dans l'ordre {order}.",
    bad="## Situations clés\n…\n## Contexte\n…",
    good="## Contexte\n…\n## Situations clés\n…",
)
DUPLICATE_SECTION = rule(
    code="LG412", name="section-en-double", severity=ERROR,
    title="Chaque section n'apparaît qu'une fois.",
    message="la section « ## {section} » apparaît déjà ligne {first} : regroupez les deux textes sous ce premier titre, ou changez ce titre en sous-titre « ### ».",
    bad="## Contexte\n…\n## Contexte\n…",
    good="## Contexte\n…\n### Autre cas\n…",
)

SECTION_HINTS = {
    "Contexte": "où, quand et pourquoi ce savoir sert",
    "Situations clés": "les situations où il fait la différence",
    "Pas à pas": "les étapes, dans l'ordre",
    "Pièges et astuces": "les erreurs vues et les bons réflexes",
    "Ressources": "textes, modèles, outils, cités en clair",
    "Qui solliciter": "les personnes ou services à contacter, avec @identifiant",
}


_SPACES = re.compile(r"\s+")
_HEADING_LINE = re.compile(r" {0,3}#{1,6}(\s|$)")


def _normalise(title: str) -> str:
    return _SPACES.sub(" ", title).strip().rstrip(":").strip().casefold()


_SECTION_KEYS = {_normalise(section): section for section in SECTIONS}


# Headings often written for a section, once folded (see front_matter.fold): « clefs » is an
# older spelling of « clés ».
_SECTION_ALIASES = {"situations clefs": "Situations clés", "situation clef": "Situations clés",
                    "pas a pas": "Pas à pas", "etapes": "Pas à pas", "qui contacter": "Qui solliciter",
                    "contacts": "Qui solliciter", "pieges": "Pièges et astuces", "astuces": "Pièges et astuces"}


def section_of(title: str) -> str | None:
    """The section a heading that is not exactly one was meant to be, or None."""
    folded = fold(title)
    if folded in _SECTION_ALIASES:
        return _SECTION_ALIASES[folded]
    # Singular or plural: « Piège et astuce », « Ressource ».
    singular = " ".join(word.rstrip("s") for word in folded.split())
    for section in SECTIONS:
        if singular == " ".join(word.rstrip("s") for word in fold(section).split()):
            return section
    return closest(title, SECTIONS, cutoff=0.8)


def check_sections(rel: str, body_line: int, scan) -> Iterator[Problem]:
    # Each H2 owns the lines down to the next H2; deeper headings belong to it but are not content.
    starts = []
    for h in scan.headings:
        if h.level != 2:
            continue
        section = _SECTION_KEYS.get(_normalise(h.text))
        if section is None and h.text.strip():
            near = section_of(h.text)
            written = h.text.strip()[:60]
            if near is not None:
                yield MISSPELT_SECTION.at(rel, h.line, written=written, section=near)
            else:
                yield UNKNOWN_SECTION.at(rel, h.line, written=written, allowed=_ALLOWED)
            section = near
        starts.append((h.line, section))
    headings: dict[str, int] = {}
    previous = None
    for line, section in starts:
        if section is None:
            continue
        if section in headings:
            yield DUPLICATE_SECTION.at(rel, line, section=section, first=headings[section])
            continue
        headings[section] = line
        if previous is not None and SECTIONS.index(section) < SECTIONS.index(previous):
            yield SECTION_ORDER.at(rel, line, section=section, previous=previous, order=_ALLOWED)
        else:
            previous = section
    filled: set[str] = set()
    index, current, current_line = -1, None, 0
    for line, text in scan.text_lines:
        while index + 1 < len(starts) and starts[index + 1][0] <= line:
            index += 1
            current_line, current = starts[index]
        if current is not None and line > current_line and not _HEADING_LINE.match(text):
            filled.add(current)
    for section in SECTIONS:
        if section not in headings:
            yield MISSING_SECTION.at(rel, body_line, section=section, hint=SECTION_HINTS[section])
        elif section not in filled:
            yield EMPTY_SECTION.at(rel, headings[section], section=section, hint=SECTION_HINTS[section])


_ALLOWED = ", ".join(f"« ## {section} »" for section in SECTIONS)


def check_links(ctx, rel: str, src_uri: str, found_links, source_public: bool) -> Iterator[Problem]:
    """Links between pages: needs every record of the corpus."""
    for link in found_links:
        target = links.classify(link.url, src_uri)
        if target.kind != "internal":
            continue
        if target.path not in ctx.site_files:
            yield BROKEN_LINK.at(rel, link.line, url=link.url[:80])
            continue
        record = ctx.records_by_uri.get(target.path)
        if record is not None and not record.published:
            yield UNPUBLISHED_LINK.at(rel, link.line, url=link.url[:80], why=f"au statut « {record.status} »")
        elif record is not None and source_public and not record.public:
            yield UNPUBLISHED_LINK.at(rel, link.line, url=link.url[:80], why="interne, absente du site public")


def check_text(ctx, rel: str, scan, body: str, body_line: int) -> Iterator[Problem]:
    """What one text can be checked for alone: a title in the body, mentions, names typed in clear."""
    for line, count in scan.too_complex:
        if count < 0:
            where = "le texte est imbriqué trop profondément (citations « > » ou listes dans des listes)"
        elif line == 0:
            where = f"le texte contient {count} crochets « [ » et chevrons « < » (au plus 3 000)"
        else:
            where = f"le paragraphe qui commence à cette ligne contient {count} crochets « [ » et chevrons « < » (au plus 300)"
        yield TOO_COMPLEX.at(rel, line or body_line, where=where)
    for heading in scan.headings:
        if heading.level == 1:
            yield TITLE_IN_BODY.at(rel, heading.line, text=heading.text[:60])
    for person_id, line in scan.mentions:
        if ctx.registry.get(person_id) is None:
            yield UNKNOWN_PERSON.at(rel, line, person=f"@{person_id}")
    yield from check_names(ctx, rel, body, body_line)


def check_names(ctx, rel: str, text: str, first_line: int) -> Iterator[Problem]:
    """Registry names (in any variant) and e-mails typed in `text`, which starts at `first_line`."""
    index = getattr(ctx, "name_index", None)
    if index is None:
        return
    for found in index.find(text):
        if found.kind == "name":
            yield NAME_IN_TEXT.at(rel, first_line + found.line, name=found.text, person=found.person)
        else:
            yield EMAIL_IN_TEXT.at(rel, first_line + found.line, email=found.text, person=found.person)


def check_fields(ctx, rel: str, doc, text: str = "", first_line: int = 1) -> Iterator[Problem]:
    """The same, in every text of a front matter (titre, resume, service, the circle's fields…).

    `text` is the front matter as written, from `first_line`: without a backslash, every value
    is in it as written (YAML folding only turns line breaks into spaces, which names may
    contain anyway), so one search over it finds every name, at its line. With a backslash
    (a YAML escape), the values themselves are searched.
    """
    index = getattr(ctx, "name_index", None)
    if index is None or (index.names is None and index.emails is None):
        return
    if text and "\\" not in text:
        yield from check_names(ctx, rel, text, first_line)
        return
    # All the texts at once, one per line (a multi-line text spans several): one search per file.
    texts, starts = [], []
    line = 0
    for path, value in _strings(doc.data, ()):
        texts.append(value)
        starts.append((line, path))
        line += value.count("\n") + 1
    lines = [start for start, _ in starts]
    for found in index.find("\n".join(texts)):
        path = starts[bisect.bisect_right(lines, found.line) - 1][1]
        rule_, values = (NAME_IN_TEXT, {"name": found.text}) if found.kind == "name" else (EMAIL_IN_TEXT, {"email": found.text})
        yield rule_.at(rel, doc.line_of(path), person=found.person, **values)


def _strings(value, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))
