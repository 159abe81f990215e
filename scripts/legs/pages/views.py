"""What the templates show: plain dictionaries built from the model, already in French."""

from __future__ import annotations

import datetime as dt

from ..content.model import Circle, LegacyRecord
from ..corpus import Corpus, attribution
from ..text.french import french_date


def last_update(record: LegacyRecord) -> dt.date | None:
    dates = [d for d in (record.review_date, record.created) if d is not None]
    return max(dates) if dates else None


def record_card(corpus: Corpus, record: LegacyRecord, src_uri: str) -> dict:
    vocab = corpus.vocab
    organisation = vocab.organisations.get(record.organisation)
    occupation = vocab.occupations.get(record.occupation)
    circle = corpus.circles.get(record.circle_id)
    return {
        "auteur": attribution.author_label(corpus, record),
        "metier": occupation.label if occupation else record.occupation,
        "versant": record.versant,
        "organisation": organisation.label if organisation else record.organisation,
        "service": record.service or "",
        "competences": [{"id": cid, "libelle": vocab.competences[cid].label} for cid in record.competences if cid in vocab.competences],
        "synonymes": sorted({word for cid in record.competences if cid in vocab.competences for word in vocab.competences[cid].synonyms}),
        "types_savoir": record.knowledge_types,
        "criticite": record.criticality,
        "rarete": record.rarity,
        "statut": record.status,
        "relecteur": attribution.person_label(corpus, record.reviewer) if record.reviewer else "",
        "date_relecture": french_date(record.review_date),
        "date_creation": french_date(record.created),
        # Last update: the latest of the review and creation dates of the front matter (not git:
        # the site may be built from an archive).
        "mise_a_jour": french_date(last_update(record)),
        "mise_a_jour_iso": last_update(record).isoformat() if last_update(record) else "",
        "successeurs": [attribution.person_label(corpus, s, record.organisation) for s in record.successors],
        "visibilite": record.visibility,
        "cercle": {"titre": circle.title if circle else record.circle_id, "id": record.circle_id},
        "resume": record.summary,
    }


def circle_card(corpus: Corpus, circle: Circle, src_uri: str) -> dict:
    return {
        "resume": circle.summary,
        "versants": circle.versants,
        "referents": [attribution.person_label(corpus, r) for r in circle.referents],
        # Internal site only; nobody withdrawn (see attribution.person_contact).
        "contacts": [c for c in (attribution.person_contact(corpus, r) for r in circle.referents) if c],
        "rythme": circle.rhythm,
        "format": circle.format,
        "rejoindre": attribution.resolve_mentions(corpus, circle.join, None, lambda s: s),
        "fiches": [{"id": r.id, "titre": r.title, "resume": r.summary, "auteur": attribution.author_label(corpus, r)}
                   for r in corpus.circle_records(circle.id)],
    }


def summary(corpus: Corpus) -> dict:
    """Figures the kit's own pages may show through mkdocs-macros (`{{ legs.fiches }}`)."""
    built = corpus.built_records()
    return {
        "fiches": len(built),
        "cercles": len(corpus.circles),
        "competences": len({c for r in built for c in r.competences}),
        "passeurs": len({r.author for r in built}),
        "profil": corpus.settings.profile,
    }
