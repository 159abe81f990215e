"""Rules of the review workflow: brouillon → relue → publiée, by a référent of the circle."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from ..content.model import STATUS_DRAFT, LegacyRecord
from ..content.problems import Problem
from . import ERROR, WARNING, rule

REVIEW_TOO_OLD = rule(
    code="LG601", name="relecture-ancienne", severity=WARNING,
    title="Une fiche relue ou publiée a été relue il y a moins de deux ans.",
    message="la dernière relecture date du {date}, il y a plus de deux ans : demandez à votre référent de relire la fiche et mettez à jour « date_relecture ».",
    bad="statut: publiée\ndate_relecture: 2023-05-02",
    good="statut: publiée\ndate_relecture: 2026-05-02",
)
REVIEW_REQUIRED = rule(
    code="LG602", name="relecture-requise", severity=ERROR,
    title="Une fiche « relue » ou « publiée » indique son relecteur et sa date de relecture.",
    message="une fiche au statut « {status} » doit indiquer « {key} » : ajoutez la ligne, ou remettez « statut: brouillon » en attendant la relecture.",
    bad="statut: publiée\n(pas de relecteur ni de date_relecture)",
    good="statut: publiée\nrelecteur: aleroux\ndate_relecture: 2026-03-12",
)
REVIEWER_NOT_REFERENT = rule(
    code="LG603", name="relecteur-non-referent", severity=ERROR,
    title="Le relecteur d'une fiche est un référent legs de son cercle.",
    message="« {reviewer} » n'est pas référent ou référente du cercle « {circle} » : la relecture revient à {referents}.",
    bad="(fiche du cercle archives)\nrelecteur: aleroux",
    good="(fiche du cercle archives)\nrelecteur: slaurent",
)
REVIEW_BEFORE_CREATION = rule(
    code="LG604", name="relecture-avant-creation", severity=ERROR,
    title="La relecture a lieu après la création de la fiche.",
    message="la relecture ({review}) précède la création de la fiche ({created}) : corrigez l'une des deux dates.",
    bad="date_creation: 2026-04-01\ndate_relecture: 2026-03-12",
    good="date_creation: 2026-03-01\ndate_relecture: 2026-03-12",
)
SELF_REVIEW = rule(
    code="LG605", name="auto-relecture", severity=ERROR,
    title="L'auteur d'une fiche ne la relit pas lui-même.",
    message="l'auteur ne peut pas relire sa propre fiche : demandez la relecture à {referents}.",
    bad="auteur: aleroux\nrelecteur: aleroux",
    good="auteur: aleroux\nrelecteur: slaurent",
)


def _names(ids: list[str]) -> str:
    return ", ".join(f"@{i}" for i in ids) or "une personne référente du cercle"


def check_record(ctx, record: LegacyRecord, today: dt.date) -> Iterator[Problem]:
    rel = ctx.rel(record.path)
    if record.status == STATUS_DRAFT or not isinstance(record.status, str):
        return
    for key, value in (("relecteur", record.reviewer), ("date_relecture", record.review_date)):
        if not value:
            yield REVIEW_REQUIRED.at(rel, record.line_of("statut"), status=record.status, key=key)
    circle = ctx.circles.get(record.circle_id)
    referents = circle.referents if circle else []
    if record.reviewer and circle is not None and record.reviewer not in referents:
        yield REVIEWER_NOT_REFERENT.at(rel, record.line_of("relecteur"), reviewer=record.reviewer, circle=circle.title, referents=_names(referents))
    elif record.reviewer and record.reviewer == record.author:
        yield SELF_REVIEW.at(rel, record.line_of("relecteur"), referents=_names([r for r in referents if r != record.author]))
    if record.review_date and record.created and record.review_date < record.created:
        yield REVIEW_BEFORE_CREATION.at(rel, record.line_of("date_relecture"), review=record.review_date.isoformat(), created=record.created.isoformat())
    if record.review_overdue(today):
        yield REVIEW_TOO_OLD.at(rel, record.line_of("date_relecture"), date=record.review_date.strftime("%d/%m/%Y"))


# The review that cannot be bypassed: CODEOWNERS (rendered by legs.corpus.codeowners) and the build's code.
CODEOWNERS_OUTDATED = rule(
    code="LG606", name="codeowners-perime", severity=ERROR, applies_to="dépôt",
    title="La partie générée du fichier CODEOWNERS correspond à l'équipe de coordination et aux référents des cercles.",
    message="le fichier CODEOWNERS ne correspond plus à l'équipe de coordination et aux référents des cercles : lancez « legs codeowners --ecrire » et ajoutez le fichier à votre proposition.",
    bad="Un cercle change de référente, ou un nouveau cercle apparaît, mais CODEOWNERS n'a pas été régénéré.",
    good="CODEOWNERS régénéré par « legs codeowners --ecrire » après le changement (les lignes ajoutées hors des marqueurs sont gardées).",
)
CODEOWNERS_ELSEWHERE = rule(
    code="LG607", name="codeowners-ailleurs", severity=ERROR, applies_to="dépôt",
    title="Le seul fichier CODEOWNERS est celui de la racine du dépôt, produit par « legs codeowners --ecrire ».",
    message="un fichier CODEOWNERS à cet endroit prendrait le pas sur celui de la racine et contournerait la relecture : supprimez-le ; les lignes à ajouter vont dans CODEOWNERS, à la racine, hors des marqueurs.",
    bad=".github/CODEOWNERS, docs/CODEOWNERS ou .gitlab/CODEOWNERS",
    good="CODEOWNERS (à la racine du dépôt)",
)
UNPINNED_CODE = rule(
    code="LG608", name="code-non-epingle", severity=ERROR, applies_to="dépôt",
    title="La construction n'exécute que le code du kit : mkdocs.yml n'ajoute ni crochet (hooks), ni module de macros, ni gabarit hors d'overrides/.",
    message="{what} : la construction n'exécute que le code du kit ; retirez ce réglage de mkdocs.yml (le code et les gabarits vont dans scripts/legs/ et overrides/, relus par la coordination).",
    bad="hooks:\n  - competences/archives/crochet.py\nplugins:\n  - macros:\n      module_name: competences/archives/macros",
    good="plugins:\n  - macros:\n      render_by_default: false",
)
CACHE_IN_REPOSITORY = rule(
    code="LG609", name="cache-dans-le-depot", severity=ERROR, applies_to="dépôt",
    title="Le dossier .cache/ (pages, index et PDF des constructions précédentes) ne fait jamais partie du dépôt.",
    message="ce fichier du dossier .cache/ est dans le dépôt : la construction reprendrait tel quel ce qu'il contient, "
            "sans rien en relire ; retirez-le du dépôt (« git rm -r --cached .cache ») et de votre proposition.",
    bad="git add -f .cache",
    good="# .gitignore, fourni par le kit\n.cache/",
)
