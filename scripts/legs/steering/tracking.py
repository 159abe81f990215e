"""Indicators of the scheme: from the content itself and from the scheme's own figures."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import attribution, markup
from ..content import paths, source
from ..content.problems import Problem
from ..french import number
from ..rules import files, front_matter, security

if TYPE_CHECKING:  # annotations only: corpus.py checks the tracking file through this module
    from ..corpus import Corpus


def rate(part: int, whole: int) -> float | None:
    """`part` out of `whole` as a percentage with one decimal; None when there is nothing to count."""
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class Careers:
    """Careers and retention (guide, phase 4): what became of the successors, and the departures prepared."""
    followed: int  # successors whose pair has ended and whose career HR follows
    staying: int  # among them, still working in the organisation at the end of the period
    moving_up: int  # among them, who took on new duties (promotion, competitive exam, chosen mobility)
    departures: int  # passeurs who left during the period (retirement, mobility)
    prepared: int  # among them, those whose know-how had a trained successor before they left

    @property
    def retention_rate(self) -> float | None:
        return rate(self.staying, self.followed)

    @property
    def progression_rate(self) -> float | None:
        return rate(self.moving_up, self.followed)

    @property
    def prepared_rate(self) -> float | None:
        return rate(self.prepared, self.departures)


CAREERS_KEYS = ("successeurs_suivis", "toujours_en_poste", "evolutions", "departs", "departs_avec_successeur")
# (part, whole) in one period: the part is counted among the whole, so it cannot be larger.
PARTS = (("satisfaits", "reponses"), ("parcours.toujours_en_poste", "parcours.successeurs_suivis"),
         ("parcours.evolutions", "parcours.successeurs_suivis"), ("parcours.departs_avec_successeur", "parcours.departs"))


@dataclass(frozen=True)
class Period:
    label: str
    pairs: int
    services: int
    answers: int
    satisfied: int
    feedback: str = ""
    careers: Careers | None = None

    @property
    def satisfaction_rate(self) -> float | None:
        """Share of « plutôt satisfait » and « très satisfait » among the answers expressed."""
        return rate(self.satisfied, self.answers)


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


def load_periods(corpus: Corpus, path: Path) -> tuple[list[Period], list[Problem]]:
    """The scheme's aggregated figures per period (no personal data), from a small YAML file."""
    if not os.path.lexists(path):
        return [], []
    rel = corpus.rel(path)
    if paths.unsafe(path, corpus.settings.root) is not None:
        # A symbolic link or a special file: reported by the validator (LG106, LG107), never read.
        return [], [files.SYMLINK.at(rel, 1, name=path.name)]
    try:
        text = source.decode(path.read_bytes(), corpus.settings.max_bytes)
    except source.SourceError as exc:
        return [], [files.ENCODING.at(rel, exc.line) if exc.kind == "encoding"
                    else files.TOO_BIG.at(rel, 1, size=exc.detail, limit=f"{corpus.settings.max_bytes // 1000} Ko")]
    characters = security.check_characters(rel, text, 1)
    doc, problems = front_matter.read(rel, text, 1)
    problems = characters + problems
    if doc is None:
        return [], problems
    problems += list(front_matter.check_schema(rel, doc.data, doc, "suivi"))
    if not problems:
        problems = list(check_parts(rel, doc))
    if problems:
        return [], problems
    return [Period(p["periode"], p["binomes"], p["services_engages"], p["reponses"], p["satisfaits"], p.get("retours", ""),
                   Careers(*(p["parcours"][k] for k in CAREERS_KEYS)) if "parcours" in p else None)
            for p in doc.data["periodes"]], []


def check_parts(rel: str, doc) -> list[Problem]:
    """A figure counted among another one cannot be larger than it (27 satisfied out of 31 answers)."""
    found = []
    for index, period in enumerate(doc.data["periodes"]):
        for part, whole in PARTS:
            *group, part_key = part.split(".")
            values = period.get(group[0], {}) if group else period
            if part_key not in values:
                continue
            whole_key = whole.split(".")[-1]
            if values[part_key] > values[whole_key]:
                line = doc.line_of(("periodes", index, *group, part_key))
                found.append(front_matter.BAD_FORMAT.at(
                    rel, line, key=f"periodes.{part}",
                    detail=(f"{values[part_key]} dépasse « {whole_key} » ({values[whole_key]}) pour la période "
                            f"« {markup.one_line(period['periode'])} », alors qu'il en fait partie : corrigez l'un des deux chiffres")))
    return found


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
