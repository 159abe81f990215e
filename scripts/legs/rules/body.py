"""Rules on the text of records and circles: required sections, headings, links, names."""

from __future__ import annotations

import re
from typing import Iterator

from .. import links
from ..model import SECTIONS, LegacyRecord
from ..problems import Problem
from . import ERROR, WARNING, rule
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

SECTION_HINTS = {
    "Contexte": "où, quand et pourquoi ce savoir sert",
    "Situations clés": "les situations où il fait la différence",
    "Pas à pas": "les étapes, dans l'ordre",
    "Pièges et astuces": "les erreurs vues et les bons réflexes",
    "Ressources": "textes, modèles, outils, cités en clair",
    "Qui solliciter": "les personnes ou services à contacter, avec @identifiant",
}


_WORD = re.compile(r"\w+")


def _mentions_a_surname(folded: str, surnames: set[str]) -> bool:
    """A quick filter before the full-name regex, which is slow; most texts name nobody."""
    if len(surnames) <= 64:
        return any(name in folded for name in surnames)
    return not surnames.isdisjoint(_WORD.findall(folded))


def _normalise(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().rstrip(":").strip().casefold()


def check_sections(rel: str, record: LegacyRecord, scan) -> Iterator[Problem]:
    h2 = [h for h in scan.headings if h.level == 2]
    ends = [h.line for h in h2[1:]] + [10**9]
    found = {_normalise(h.text): (h, end) for h, end in zip(h2, ends)}
    for section in SECTIONS:
        entry = found.get(_normalise(section))
        if entry is None:
            yield MISSING_SECTION.at(rel, record.body_line, section=section, hint=SECTION_HINTS[section])
            continue
        heading, end = entry
        # The section ends at the next H2; deeper headings belong to it but are not content.
        content = [text for line, text in scan.text_lines
                   if heading.line < line < end and not re.match(r"^ {0,3}#{1,6}(\s|$)", text)]
        if not content:
            yield EMPTY_SECTION.at(rel, heading.line, section=section, hint=SECTION_HINTS[section])


def check_text(ctx, rel: str, src_uri: str, scan, source_public: bool, body: str, body_line: int) -> Iterator[Problem]:
    for heading in scan.headings:
        if heading.level == 1:
            yield TITLE_IN_BODY.at(rel, heading.line, text=heading.text[:60])
    for link in scan.links:
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
    for person_id, line in scan.mentions:
        if ctx.registry.get(person_id) is None:
            yield UNKNOWN_PERSON.at(rel, line, person=f"@{person_id}")
    if ctx.names_pattern is not None and _mentions_a_surname(body.casefold(), ctx.surnames):
        for match in ctx.names_pattern.finditer(body):
            person = ctx.person_by_name[match.group(0).casefold()]
            line = body_line + body.count("\n", 0, match.start())
            yield NAME_IN_TEXT.at(rel, line, name=match.group(0), person=person)
