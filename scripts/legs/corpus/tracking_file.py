"""The tracking file (`competences/suivi.yml`): the scheme's own figures per period, entered by the
HR coordination as aggregates (no personal data), read and checked with the rest of the content.

`legs valider` and the build report its problems with the others (`corpus`); the steering
pages draw its charts (`steering`, `pages.steering`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import paths, source
from ..content.problems import Problem
from ..rules import files, front_matter, security
from ..text import markup

if TYPE_CHECKING:  # annotations only: the corpus checks the tracking file through this module
    from . import Corpus

SUIVI_FILE = "suivi.yml"


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
