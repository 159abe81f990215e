"""How people are named on the site: by name while they agree, anonymously once withdrawn."""

from __future__ import annotations

import re
from urllib.parse import quote

from ..content.mdscan import MENTION
from ..content.model import LegacyRecord
from . import Corpus

ANONYMOUS = "un agent"


def anonymous(corpus: Corpus, organisation_id: str | None, service: str | None = None) -> str:
    organisation = corpus.vocab.organisations.get(organisation_id or "")
    where = service or (organisation.label if organisation else None)
    if service and organisation:
        where = f"{service}, {organisation.label}"
    return f"{ANONYMOUS} de « {where} »" if where else ANONYMOUS


def person_label(corpus: Corpus, person_id: str | None, fallback_organisation: str | None = None) -> str:
    """The name of a person, or an anonymous label that reveals nothing about them."""
    person = corpus.registry.visible(person_id)
    if person is not None:
        return person.name or ANONYMOUS
    known = corpus.registry.get(person_id)
    return anonymous(corpus, known.organisation if known else fallback_organisation)


def person_contact(corpus: Corpus, person_id: str | None) -> dict | None:
    """How to reach a person, from the registry: internal site only, never for a withdrawn person.

    The values are raw text: each output escapes them for its context. `mailto` and `tel` are
    already safe URLs (percent-encoded address, digits of the number).
    """
    if corpus.settings.profile != "interne":
        return None
    person = corpus.registry.visible(person_id)
    if person is None or not (person.email or person.phone):
        return None
    email = (person.email or "").strip()
    phone = " ".join((person.phone or "").split())
    digits = re.sub(r"[^0-9+]", "", phone)
    return {
        "nom": person.name,
        "courriel": email,
        "mailto": "mailto:" + quote(email, safe="@") if email else "",
        "telephone": phone,
        "tel": "tel:" + digits if len(re.sub(r"\D", "", digits)) >= 3 else "",
    }


def author_label(corpus: Corpus, record: LegacyRecord) -> str:
    person = corpus.registry.visible(record.author)
    if person is not None:
        return person.name or ANONYMOUS
    # Withdrawn or unknown: the record's own service says where the know-how comes from.
    return anonymous(corpus, record.organisation, record.service)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def resolve_mentions(corpus: Corpus, body: str, organisation: str | None, escape) -> str:
    """Replace each @id outside code blocks by the person's name or an anonymous label."""
    if "@" not in body:  # most texts: no line to scan (10,000 records are read at every build)
        return body
    out, fence = [], None
    for line in body.split("\n"):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0]:
                fence = None
        elif opening:
            fence = opening.group(1)
        else:
            line = MENTION.sub(lambda m: escape(person_label(corpus, m.group(1), organisation)), line)
        out.append(line)
    return "\n".join(out)
