"""Rules on references: every id a record or circle cites exists in the vocabularies."""

from __future__ import annotations

from typing import Iterator

from ..content.model import VERSANTS, Circle, LegacyRecord
from ..content.problems import Problem
from . import ERROR, WARNING, rule
from .front_matter import closest, fold

UNKNOWN_PERSON = rule(
    code="LG301", name="personne-inconnue", severity=WARNING, applies_to="fiche, cercle",
    title="Les personnes citées (auteur, relecteur, successeurs, mentions @) figurent dans le registre des personnes.",
    message="« {person} » n'est pas dans le registre des personnes : le site affichera « un agent » sans nom. Vérifiez l'identifiant, ou demandez au référent de vous inscrire dans le registre.",
    bad="auteur: cmorell   (identifiant absent du registre)",
    good="auteur: cmorel",
)
UNKNOWN_COMPETENCE = rule(
    code="LG302", name="competence-inconnue", severity=ERROR,
    title="Les compétences citées existent dans le référentiel des compétences.",
    message="la compétence « {value} » n'existe pas dans competences/referentiels/competences.yml : choisissez un identifiant du référentiel{suggestion}, ou demandez à votre référent de l'ajouter.",
    bad="competences: [redaction-cahier-des-charges]",
    good="competences: [redaction-dce]",
)
UNKNOWN_OCCUPATION = rule(
    code="LG303", name="metier-inconnu", severity=ERROR,
    title="Le métier cité existe dans le référentiel des métiers.",
    message="le métier « {value} » n'existe pas dans competences/referentiels/metiers.yml : choisissez un identifiant du référentiel{suggestion}.",
    bad="metier: acheteur",
    good="metier: acheteur-public",
)
UNKNOWN_ORGANISATION = rule(
    code="LG304", name="organisation-inconnue", severity=ERROR, applies_to="fiche, registre",
    title="L'organisation citée existe dans le référentiel des organisations.",
    message="l'organisation « {value} » n'existe pas dans competences/referentiels/organisations.yml : choisissez un identifiant du référentiel{suggestion}.",
    bad="organisation: ddt",
    good="organisation: ddt-val-d-orne",
)
NOT_A_REFERENT = rule(
    code="LG305", name="referent-inconnu", severity=ERROR, applies_to="cercle",
    title="Les référents d'un cercle figurent dans le référentiel des référents legs.",
    message="« {value} » n'est pas référent ou référente legs (competences/referentiels/referents.yml) : choisissez une personne formée, ou ajoutez-la au référentiel après sa formation.",
    bad="referents: [cmorel]",
    good="referents: [aleroux]",
)
NO_CIRCLE = rule(
    code="LG306", name="cercle-absent", severity=ERROR,
    title="Chaque fiche est rangée dans le dossier d'un cercle qui a sa page index.md.",
    message="le dossier « {circle} » n'a pas de page de cercle : rangez la fiche dans le dossier d'un cercle existant, ou créez {circle}/index.md.",
    bad="competences/nouveau-dossier/ma-fiche.md   (pas de nouveau-dossier/index.md)",
    good="competences/archives/ma-fiche.md",
)
UNKNOWN_DOMAIN = rule(
    code="LG307", name="domaine-inconnu", severity=ERROR, applies_to="cercle",
    title="Le domaine d'un cercle existe dans le référentiel des compétences.",
    message="le domaine « {value} » n'existe pas dans competences/referentiels/competences.yml : choisissez parmi {allowed}.",
    bad="domaine: marchés",
    good="domaine: achats",
)
DUPLICATE_ID = rule(
    code="LG308", name="identifiant-en-double", severity=ERROR, applies_to="fiche, référentiel, registre",
    title="Les identifiants sont uniques (fiches, compétences, métiers, organisations, personnes).",
    message="l'identifiant « {value} » est déjà utilisé ({other}) : choisissez un autre identifiant ou un autre nom de fichier.",
    bad="competences/archives/trier.md et competences/paie-hospitaliere/trier.md",
    good="competences/archives/trier-les-dossiers.md et competences/paie-hospitaliere/trier-les-bulletins.md",
)
ORGANISATION_VERSANT = rule(
    code="LG309", name="versant-incoherent", severity=WARNING,
    title="Le versant d'une fiche est celui de son organisation.",
    message="la fiche indique le versant « {value} » alors que l'organisation « {organisation} » relève du versant « {expected} » : vérifiez l'un ou l'autre.",
    bad="organisation: ch-bocage\nversant: État",
    good="organisation: ch-bocage\nversant: hospitalière",
)
NAME_FOR_ID = rule(
    code="LG216", name="nom-au-lieu-d-identifiant", severity=ERROR, applies_to="fiche, cercle",
    title="Les clés qui désignent une personne (auteur, relecteur, successeurs, referents) contiennent son identifiant du registre, jamais son nom.",
    message="« {value} » est le nom ou l'adresse d'une personne : écrivez son identifiant du registre, « {key}: {person} » (le site affiche son nom tant qu'elle l'accepte).",
    bad="auteur: Anne Leroux",
    good="auteur: aleroux",
)
LABEL_FOR_ID = rule(
    code="LG217", name="libelle-au-lieu-d-identifiant", severity=ERROR, applies_to="fiche, cercle",
    title="Les clés qui citent un référentiel (competences, metier, organisation, domaine) contiennent l'identifiant, pas le libellé.",
    message="« {value} » est le libellé de « {id} » dans {vocabulary} : écrivez l'identifiant, « {key}: {written} ».",
    bad="metier: Gestionnaire de paie",
    good="metier: gestionnaire-paie",
)

# Problems that a LG216 or LG217 explains: dropped for the same value (see superseded).
_CONSEQUENCES = ("LG210", "LG301", "LG302", "LG303", "LG304", "LG305", "LG307", "LG406", "LG408", "LG603")


def person_id(ctx, value: str) -> str | None:
    """The registry id of the person `value` names (full name, « prénom.nom », e-mail), or None."""
    people = getattr(ctx, "_private_people", None) or []
    key = fold(value)
    if not key or " " not in key and "@" not in value:
        return None
    for person, name, email in people:
        if (isinstance(name, str) and fold(name) == key) or (isinstance(email, str) and email.casefold() == value.strip().casefold()):
            return person
    return None


def vocabulary_id(value: str, items: dict) -> str | None:
    """The id of the vocabulary item whose label (or id, but for case, accents and spaces) is `value`."""
    if value in items:
        return None
    by_label = {getattr(item, "label", ""): item_id for item_id, item in items.items()}
    found = closest(value, list(by_label), cutoff=0.85)
    if found:
        return by_label[found]
    slug = "-".join(fold(value).split())
    return slug if slug in items else None


def superseded(problems: list[Problem], explained: list[Problem]) -> list[Problem]:
    """`problems` without those that a « name or label instead of an id » problem explains."""
    if not explained:
        return problems
    keys = {(p.path, p.line) for p in explained}
    return [p for p in problems if p.code not in _CONSEQUENCES or (p.path, p.line) not in keys]


def _suggest(value: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


def check_record(ctx, record: LegacyRecord) -> Iterator[Problem]:
    rel = ctx.rel(record.path)
    vocab = ctx.vocab
    people = [("auteur", record.author), ("relecteur", record.reviewer)] + [("successeurs", s) for s in record.successors]
    for key, person in people:
        if isinstance(person, str) and person and ctx.registry.get(person) is None:
            found = person_id(ctx, person)
            if found and key == "successeurs":
                written = "[" + ", ".join(found if s == person else s for s in record.successors) + "]"
                yield NAME_FOR_ID.at(rel, record.line_of(key), value=person, key=key, person=written)
            elif found:
                yield NAME_FOR_ID.at(rel, record.line_of(key), value=person, key=key, person=found)
            else:
                yield UNKNOWN_PERSON.at(rel, record.line_of(key), person=person)
    for value in record.competences:
        if isinstance(value, str) and value not in vocab.competences:
            found = vocabulary_id(value, vocab.competences)
            if found:
                written = "[" + ", ".join(found if v == value else v for v in record.competences) + "]"
                yield LABEL_FOR_ID.at(rel, record.line_of("competences"), value=value, id=found, key="competences",
                                      written=written, vocabulary="competences/referentiels/competences.yml")
            else:
                yield UNKNOWN_COMPETENCE.at(rel, record.line_of("competences"), value=value, suggestion=_suggest(value, vocab.competences))
    for key, value, items, rule_, name in (("metier", record.occupation, vocab.occupations, UNKNOWN_OCCUPATION, "metiers"),
                                           ("organisation", record.organisation, vocab.organisations, UNKNOWN_ORGANISATION, "organisations")):
        if isinstance(value, str) and value and value not in items:
            found = vocabulary_id(value, items)
            if found:
                yield LABEL_FOR_ID.at(rel, record.line_of(key), value=value, id=found, key=key, written=found,
                                      vocabulary=f"competences/referentiels/{name}.yml")
            else:
                yield rule_.at(rel, record.line_of(key), value=value, suggestion=_suggest(value, items))
    organisation = vocab.organisations.get(record.organisation) if isinstance(record.organisation, str) else None
    # A versant that is not one of the three is reported by the schema (LG209, LG215) alone.
    if organisation is not None and record.versant in VERSANTS and record.versant != organisation.versant:
        yield ORGANISATION_VERSANT.at(rel, record.line_of("versant"), value=record.versant, organisation=organisation.label, expected=organisation.versant)
    if record.circle_id not in ctx.circles:
        yield NO_CIRCLE.at(rel, 1, circle=record.circle_id)


def check_circle(ctx, circle: Circle, lines: dict) -> Iterator[Problem]:
    rel = ctx.rel(circle.path)
    if circle.domain and circle.domain not in ctx.vocab.domains:
        found = vocabulary_id(circle.domain, ctx.vocab.domains)
        if found:
            yield LABEL_FOR_ID.at(rel, lines.get("domaine", 1), value=circle.domain, id=found, key="domaine", written=found,
                                  vocabulary="competences/referentiels/competences.yml")
        else:
            yield UNKNOWN_DOMAIN.at(rel, lines.get("domaine", 1), value=circle.domain, allowed=", ".join(sorted(ctx.vocab.domains)))
    for referent in circle.referents:
        found = person_id(ctx, referent) if ctx.registry.get(referent) is None else None
        if found:
            written = "[" + ", ".join(found if r == referent else r for r in circle.referents) + "]"
            yield NAME_FOR_ID.at(rel, lines.get("referents", 1), value=referent, key="referents", person=written)
            continue
        if ctx.registry.get(referent) is None:
            yield UNKNOWN_PERSON.at(rel, lines.get("referents", 1), person=referent)
        if referent not in ctx.vocab.referents:
            yield NOT_A_REFERENT.at(rel, lines.get("referents", 1), value=referent)
