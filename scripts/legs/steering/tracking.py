"""Indicators of the scheme drawn from the content itself, and the catalogue of published
records exported for the HR information systems. The scheme's own figures are read from the
tracking file by `legs.corpus.tracking_file`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..corpus import attribution
from ..text import markup
from ..text.french import number

if TYPE_CHECKING:
    from ..corpus import Corpus


def content_indicators(corpus: Corpus) -> list[tuple[str, str, str]]:
    """(indicator, value, how it is counted), computed from the published records."""
    built = corpus.built_records()
    active = {r.circle_id for r in built}
    covered = {c for r in built for c in r.competences if c in corpus.vocab.competences}
    total = len(corpus.vocab.competences)
    due = [r for r in built if r.review_overdue(corpus.today)]
    share = number(100 * len(covered) / total, 0, "%") if total else "—"
    def count(n: int) -> str:
        return number(n, 0)

    return [
        ("Fiches legs publiées", count(len(built)), "fiches au statut « publiée » visibles sur ce site"),
        ("Cercles actifs", f"{count(len(active))} sur {count(len(corpus.circles))}", "cercles ayant au moins une fiche publiée"),
        ("Passeurs et passeuses", count(len({r.author for r in built})), "auteurs distincts des fiches publiées"),
        ("Organisations engagées", count(len({r.organisation for r in built})), "organisations des fiches publiées"),
        ("Versants engagés", count(len({r.versant for r in built})), "sur les trois versants de la fonction publique"),
        ("Référentiel des compétences couvert", share,
         f"{count(len(covered))} compétences sur {count(total)} ont au moins une fiche"),
        ("Fiches à relire", count(len(due)), "fiches publiées relues il y a plus de deux ans"),
    ]


EXPORT_FIELDS = ("id", "titre", "resume", "cercle", "passeur", "metier", "versant", "organisation", "service",
                 "competences", "types_savoir", "criticite", "rarete", "date_relecture", "visibilite", "adresse")


def catalogue(corpus: Corpus) -> list[dict]:
    """The published records, for HR tools. Never departure dates nor risk scores."""
    vocab = corpus.vocab
    return [{
        "id": r.id, "titre": r.title, "resume": r.summary, "cercle": corpus.circles[r.circle_id].title,
        "passeur": attribution.author_label(corpus, r),
        "metier": vocab.occupations[r.occupation].label if r.occupation in vocab.occupations else r.occupation,
        "versant": r.versant,
        "organisation": vocab.organisations[r.organisation].label if r.organisation in vocab.organisations else r.organisation,
        "service": r.service or "", "competences": [vocab.competences[c].label for c in r.competences if c in vocab.competences],
        "types_savoir": r.knowledge_types, "criticite": r.criticality, "rarete": r.rarity,
        "date_relecture": r.review_date.isoformat() if r.review_date else "", "visibilite": r.visibility, "adresse": r.url,
    } for r in corpus.built_records()]


def catalogue_json(corpus: Corpus) -> str:
    return json.dumps({"fiches": catalogue(corpus)}, ensure_ascii=False, indent=2)


def catalogue_csv(corpus: Corpus) -> str:
    # markup.csv_text quotes every cell and neutralises formulas (OWASP CSV injection).
    rows = ({k: " | ".join(v) if isinstance(v, list) else v for k, v in row.items()} for row in catalogue(corpus))
    return markup.csv_text(EXPORT_FIELDS, rows)
