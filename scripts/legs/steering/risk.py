"""Knowledge-loss risk: how likely a know-how is to leave with its holder, and how much that matters.

The method follows the knowledge-loss risk assessments used by large organisations (the
IAEA's among them): a position risk factor, from how critical and how rare the know-how
is, times an attrition risk factor, from how soon its holder leaves. Both go from 1 to 5,
so the total goes from 1 to 25.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.model import CRITICALITY, RARITY, LegacyRecord

if TYPE_CHECKING:
    from ..corpus import Corpus

# Months before the planned departure → attrition factor. Unknown or far away: 1.
ATTRITION_SCALE = ((12, 5), (24, 4), (36, 3), (60, 2))
HIGH, MEDIUM = 16, 9  # total risk thresholds: 16–25 high, 9–15 medium, 1–8 low
UNKNOWN = "inconnu"
# From the least to the most pressing. « inconnu » ranks just below « élevé »: its worst case is high.
LEVELS = ("faible", "moyen", UNKNOWN, "élevé")
CRITICAL_LEVELS = ("forte", "critique")


def position_factor(criticality: str, rarity: str) -> int:
    """1 to 5: criticality and rarity (each 1 to 4) added, spread over five steps."""
    c = CRITICALITY.index(criticality) + 1 if criticality in CRITICALITY else 1
    r = RARITY.index(rarity) + 1 if rarity in RARITY else 1
    return 1 + round((c + r - 2) * 4 / 6)


def months_between(today: dt.date, later: dt.date) -> int:
    return (later.year - today.year) * 12 + later.month - today.month - (later.day < today.day)


def attrition_factor(departure: dt.date | None, today: dt.date) -> int:
    if departure is None:
        return 1
    months = months_between(today, departure)
    for limit, factor in ATTRITION_SCALE:
        if months <= limit:
            return factor
    return 1


def level(total: int) -> str:
    return "élevé" if total >= HIGH else "moyen" if total >= MEDIUM else "faible"


def unknown_matters(position: int) -> bool:
    """A departure date missing matters when a departure within the year would make the risk high."""
    return position * ATTRITION_SCALE[0][1] >= HIGH


def rank(name: str) -> int:
    return LEVELS.index(name) if name in LEVELS else -1


@dataclass(frozen=True)
class RecordRisk:
    record: LegacyRecord
    departure: dt.date | None
    position: int
    attrition: int
    from_census: bool = False  # the departure is the census's horizon: the registry has none

    @property
    def total(self) -> int:
        return self.position * self.attrition

    @property
    def unknown(self) -> bool:
        """No departure date for a know-how that would be at high risk if its holder left soon."""
        return self.departure is None and unknown_matters(self.position)

    @property
    def level(self) -> str:
        return UNKNOWN if self.unknown else level(self.total)

    @property
    def alert(self) -> bool:
        """Critical know-how whose holder leaves within 12 months with nobody to take it over."""
        return self.record.criticality in CRITICAL_LEVELS and self.attrition == 5 and not self.record.successors


@dataclass(frozen=True)
class CompetenceRisk:
    competence_id: str
    label: str
    domain: str
    records: tuple[RecordRisk, ...]

    @property
    def total(self) -> int:
        """Highest score among its records whose departure is known (an unknown one has no score)."""
        return max((r.total for r in self.records if not r.unknown), default=0)

    @property
    def level(self) -> str:
        """The most pressing level among its records."""
        return max((r.level for r in self.records), key=rank) if self.records else "non couverte"

    @property
    def alert(self) -> bool:
        return any(r.alert for r in self.records)


def record_risks(corpus: Corpus, census_departures: dict[str, dt.date] | None = None) -> list[RecordRisk]:
    """Each built record's risk; a departure missing from the registry is taken from the census, if given."""
    risks = []
    census_departures = census_departures or {}
    for record in corpus.built_records():
        person = corpus.registry.get(record.author)
        departure = person.planned_departure if person else None
        from_census = departure is None and record.author in census_departures
        if from_census:
            departure = census_departures[record.author]
        risks.append(RecordRisk(record, departure, position_factor(record.criticality, record.rarity),
                                attrition_factor(departure, corpus.today), from_census))
    return sorted(risks, key=lambda r: (-rank(r.level), -r.total, r.record.title))


def competence_risks(corpus: Corpus, risks: list[RecordRisk]) -> list[CompetenceRisk]:
    result = []
    for competence in corpus.vocab.competences.values():
        mine = tuple(r for r in risks if competence.id in r.record.competences)
        result.append(CompetenceRisk(competence.id, competence.label, competence.domain.label, mine))
    return sorted(result, key=lambda c: (-rank(c.level), -c.total, c.label))


@dataclass(frozen=True)
class OrphanKnowHow:
    """Critical know-how that a volunteer passeur can pass on, and no volunteer learner asks for."""
    competence_id: str
    label: str
    domain: str
    passeurs: int
    criticality: str


def orphan_know_how(corpus: Corpus, held: dict[str, int], needed: set[str]) -> list[OrphanKnowHow]:
    """`held`: competence → number of census passeurs holding it; `needed`: competences census learners ask for.

    Critical: one of the competence's built records is of criticality « forte » or « critique »."""
    worst: dict[str, str] = {}
    for record in corpus.built_records():
        if record.criticality in CRITICAL_LEVELS:
            for competence in record.competences:
                if CRITICALITY.index(record.criticality) > CRITICALITY.index(worst.get(competence, "faible")):
                    worst[competence] = record.criticality
    result = [OrphanKnowHow(c, corpus.vocab.competences[c].label, corpus.vocab.competences[c].domain.label, n, worst[c])
              for c, n in held.items() if c not in needed and c in worst and c in corpus.vocab.competences]
    return sorted(result, key=lambda o: (-CRITICALITY.index(o.criticality), o.label))
