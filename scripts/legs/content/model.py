"""The content model: people, vocabularies, circles and legacy records, as plain Python.

Nothing here knows about MkDocs: the site, the command line and the tests all ask these
objects for what they need.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

VERSANTS = ("État", "territoriale", "hospitalière")
CRITICALITY = ("faible", "moyenne", "forte", "critique")
RARITY = ("courante", "peu courante", "rare", "unique")
STATUS_DRAFT, STATUS_REVIEWED, STATUS_PUBLISHED = "brouillon", "relue", "publiée"
# A review stays valid two years: older ones are flagged by the validator, the indicators
# and the review page.
REVIEW_VALID_DAYS = 730
SECTIONS = ("Contexte", "Situations clés", "Pas à pas", "Pièges et astuces", "Ressources", "Qui solliciter")


def parse_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Organisation:
    id: str
    label: str
    versant: str


@dataclass(frozen=True)
class Domain:
    id: str
    label: str


@dataclass(frozen=True)
class Competence:
    id: str
    label: str
    domain: Domain
    # Words agents type for it (synonyms, acronyms): indexed with its records, never shown.
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Occupation:
    id: str
    label: str


@dataclass(frozen=True)
class Person:
    id: str
    name: str | None
    email: str | None = None
    phone: str | None = None
    organisation: str | None = None
    service: str | None = None
    planned_departure: dt.date | None = None
    withdrawn: bool = False
    forge: str | None = None  # account on the forge, to request reviews

    @property
    def visible(self) -> bool:
        return not self.withdrawn and bool(self.name)


@dataclass
class Vocabularies:
    domains: dict[str, Domain] = field(default_factory=dict)
    competences: dict[str, Competence] = field(default_factory=dict)
    occupations: dict[str, Occupation] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    referents: dict[str, dt.date | None] = field(default_factory=dict)  # person id -> training date
    # Forge handles of the team that reviews everything outside the circles (CODEOWNERS).
    coordination: list[str] = field(default_factory=list)


@dataclass
class Registry:
    """The people registry: the only place where names and contacts live."""

    people: dict[str, Person] = field(default_factory=dict)

    def get(self, person_id: str | None) -> Person | None:
        return self.people.get(person_id or "")

    def visible(self, person_id: str | None) -> Person | None:
        """The person, unless they withdrew or are unknown: then nobody may be named."""
        person = self.get(person_id)
        return person if person is not None and person.visible else None


@dataclass
class Circle:
    id: str
    path: Path
    title: str
    summary: str
    domain: str
    versants: list[str]
    referents: list[str]
    rhythm: str
    format: str
    join: str
    body: str
    body_line: int

    @property
    def src_uri(self) -> str:
        return f"competences/{self.id}/index.md"

    @property
    def url(self) -> str:
        return f"competences/{self.id}/"


@dataclass
class LegacyRecord:
    id: str  # the file name without .md, unique across the repository
    circle_id: str
    path: Path
    title: str
    summary: str
    author: str
    occupation: str
    versant: str
    organisation: str
    service: str | None
    competences: list[str]
    knowledge_types: list[str]
    criticality: str
    rarity: str
    status: str
    reviewer: str | None
    review_date: dt.date | None
    created: dt.date | None
    successors: list[str]
    visibility: str
    body: str
    body_line: int
    lines: dict = field(default_factory=dict, repr=False)  # front matter key -> line in file

    @property
    def published(self) -> bool:
        return self.status == STATUS_PUBLISHED

    @property
    def public(self) -> bool:
        return self.visibility == "publique"

    def review_overdue(self, today: dt.date) -> bool:
        """Reviewed more than two years ago: the know-how may have changed since."""
        return self.review_date is not None and (today - self.review_date).days > REVIEW_VALID_DAYS

    def built_in(self, profile: str) -> bool:
        """Whether the site of this profile shows the record."""
        return self.published and (profile != "publique" or self.public)

    @property
    def src_uri(self) -> str:
        return f"competences/{self.circle_id}/{self.id}.md"

    @property
    def url(self) -> str:
        return f"competences/{self.circle_id}/{self.id}/"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)
