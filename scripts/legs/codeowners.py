"""CODEOWNERS generated from the circles' référents, so each pull request asks the right one.

The file sits at the root of the repository, where GitHub, GitLab and Gitea all read it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .problems import Problem
from .rules import ERROR, rule

if TYPE_CHECKING:
    from .corpus import Corpus

FILE_NAME = "CODEOWNERS"
HEADER = ("# Fichier généré par « legs codeowners --ecrire » : ne pas modifier à la main.\n"
          "# Chaque cercle est relu par ses référent·es legs (competences/<cercle>/index.md).\n")

OUTDATED = rule(
    code="LG606", name="codeowners-perime", severity=ERROR, applies_to="dépôt",
    title="Le fichier CODEOWNERS correspond aux référents déclarés par les cercles.",
    message="le fichier CODEOWNERS ne correspond plus aux référents des cercles : lancez « legs codeowners --ecrire » et ajoutez le fichier à votre proposition.",
    bad="Un cercle change de référente, mais CODEOWNERS désigne toujours l'ancienne.",
    good="CODEOWNERS régénéré par « legs codeowners --ecrire » après le changement.",
)


def render(corpus: Corpus) -> str:
    lines = [HEADER]
    for circle in sorted(corpus.circles.values(), key=lambda c: c.id):
        handles = [corpus.registry.get(r).forge for r in circle.referents if corpus.registry.get(r) and corpus.registry.get(r).forge]
        if handles:
            lines.append(f"/competences/{circle.id}/ {' '.join(handles)}")
        else:
            lines.append(f"# /competences/{circle.id}/ : aucun·e référent·e n'a d'identifiant de forge (clé « forge » du registre)")
    return "\n".join(lines) + "\n"


def path(corpus: Corpus) -> Path:
    return corpus.settings.root / FILE_NAME


def check(corpus: Corpus) -> Iterator[Problem]:
    target = path(corpus)
    if target.exists() and target.read_text(encoding="utf-8") != render(corpus):
        yield OUTDATED.at(corpus.rel(target), 1)
