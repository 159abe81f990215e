"""CODEOWNERS generated from the coordination team and the circles' référents.

The file sits at the root of the repository, where GitHub, GitLab and Gitea all read it.
Everything is owned by the coordination team (declared in competences/referentiels/referents.yml),
each circle's folder by its référents, and, last because the last matching line wins, every
file that decides who reviews or what runs (circle pages, registry, vocabularies, CI,
configuration, code, CODEOWNERS itself) by the coordination team again: a contribution can
neither make its author a référent nor open a circle without that team.

Only the part between the two markers is generated; lines maintainers add outside it are
kept by `legs codeowners --ecrire` and ignored by the check (LG606, when the corpus is loaded).
This module only renders: it imports no rule, so imports flow one way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Corpus

FILE_NAME = "CODEOWNERS"
BEGIN = "# >>> début de la partie produite par « legs codeowners --ecrire » : ne pas modifier à la main"
END = "# <<< fin de la partie produite ; vos propres lignes vont hors des marqueurs, de préférence après (la dernière l'emporte)"
HEADER = ("# Tout le dépôt est relu par l'équipe de coordination (competences/referentiels/referents.yml),\n"
          "# chaque cercle par ses personnes référentes legs (competences/<cercle>/index.md). La dernière ligne qui\n"
          "# correspond à un fichier l'emporte : les fichiers qui décident de la relecture ou du code exécuté\n"
          "# sont listés à la fin, pour la seule coordination.")
# Reviewed by the coordination team only, whatever the circles say (paths from the repository root).
COORDINATION_PATHS = ("/competences/referentiels/", "/competences/suivi.yml", "/CODEOWNERS", "/.github/", "/.gitlab/", "/.gitea/", "/.forgejo/",
                      "/.gitlab-ci.yml", "/.ci/", "/.pre-commit-config.yaml", "/mkdocs.yml", "/overrides/", "/scripts/",
                      "/docs/", "/tests/", "/pyproject.toml", "/main.py", "/main/", "/README.md", "/CONTRIBUTING.md")
# Older versions wrote the whole file, with this first line: it is replaced, not kept.
_OLD_HEADER = "# Fichier généré par « legs codeowners --ecrire »"


def generated_part(corpus: Corpus) -> str:
    """The lines between the markers, markers included."""
    team = " ".join(corpus.vocab.coordination)
    lines = [BEGIN, HEADER, f"* {team}"]
    circles = sorted(corpus.circles.values(), key=lambda c: c.id)
    for circle in circles:
        handles = [corpus.registry.get(r).forge for r in circle.referents if corpus.registry.get(r) and corpus.registry.get(r).forge]
        if handles:
            lines.append(f"/competences/{circle.id}/ {' '.join(handles)}")
        else:
            lines.append(f"# /competences/{circle.id}/ : aucune personne référente n'a d'identifiant de forge (clé « forge » du registre) ; la coordination relit")
    for circle in circles:
        lines.append(f"/competences/{circle.id}/index.md {team}")
    paths = list(COORDINATION_PATHS)
    people = corpus.settings.people_file
    try:
        paths.insert(1, "/" + people.relative_to(corpus.settings.root).as_posix())
    except ValueError:
        pass  # a registry kept out of the repository cannot be changed by a contribution
    lines += [f"{p} {team}" for p in paths]
    lines.append(END)
    return "\n".join(lines) + "\n"


def _markers(lines: list[str]) -> tuple[list[int], list[int]]:
    # Matched on their start, so that a kit whose marker wording changed still finds them.
    starts = [i for i, line in enumerate(lines) if line.startswith(BEGIN[:34])]
    ends = [i for i, line in enumerate(lines) if line.startswith(END[:30])]
    return starts, ends


def extract(text: str) -> str | None:
    """The generated part of an existing CODEOWNERS, or None without both markers."""
    lines = text.splitlines(keepends=True)
    starts, ends = _markers(lines)
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        return None
    return "".join(lines[starts[0]:ends[0] + 1]).replace("\r\n", "\n")


def merge(existing: str | None, generated: str) -> str:
    """`existing` with its generated part replaced, the maintainers' own lines kept in place."""
    if not existing or existing.startswith(_OLD_HEADER) and BEGIN not in existing:
        return generated
    lines = existing.splitlines(keepends=True)
    starts, ends = _markers(lines)
    if len(starts) == 1 and len(ends) == 1 and ends[0] >= starts[0]:
        return "".join(lines[:starts[0]]) + generated + "".join(lines[ends[0] + 1:])
    # No markers: the generated part first, the maintainers' lines after it, where they still win.
    return generated + "\n" + existing


def render(corpus: Corpus) -> str:
    """The whole file `legs codeowners --ecrire` writes: the current one, generated part renewed."""
    target = path(corpus)
    existing = target.read_text(encoding="utf-8") if target.is_file() and not target.is_symlink() else None
    return merge(existing, generated_part(corpus))


def path(corpus: Corpus) -> Path:
    return corpus.settings.root / FILE_NAME


# Where forges would read a CODEOWNERS before (or instead of) the one at the root.
OTHER_LOCATIONS = (".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS", ".gitea/CODEOWNERS")
