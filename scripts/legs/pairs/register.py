"""The register of pairs actually formed, and the indicators drawn from it without singling anyone out.

Each figure says how many people it is drawn from; below the threshold (5 by default) it is
replaced by « moins de 5 »: a count, an average or a rate over two or three people would
tell who they are and what they answered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..content.problems import Problem
from ..rules import front_matter
from ..text.french import number
from .census import read_yaml

OUTCOMES = ("en cours", "achevé", "interrompu")
SATISFIED_FROM = 4  # « plutôt satisfait » (4) and « très satisfait » (5) on the 1–5 scale


@dataclass(frozen=True)
class Pair:
    passeur: str
    learner: str
    service: str
    start: dt.date
    checkpoints: tuple[dt.date, ...]
    end: dt.date | None
    outcome: str
    satisfaction: tuple[int, ...]  # the scores given, passeur's and learner's, when recorded


def load(path: Path, rel: str, root: Path, today: dt.date) -> tuple[list[Pair], list[Problem]]:
    doc, problems = read_yaml(path, rel, "binomes", root)
    if doc is None or problems:
        return [], problems
    pairs = []
    for index, item in enumerate(doc.data["binomes"]):
        dates = {}
        for key in ("debut", "fin"):
            if key in item:
                try:
                    dates[key] = dt.date.fromisoformat(item[key])
                except ValueError:
                    problems.append(front_matter.BAD_DATE.at(rel, doc.line_of(("binomes", index, key)), key=key,
                                                             value=item[key], detail="n'existe pas"))
        checkpoints = []
        for n, value in enumerate(item.get("points_etape", [])):
            try:
                checkpoints.append(dt.date.fromisoformat(value))
            except ValueError:
                problems.append(front_matter.BAD_DATE.at(rel, doc.line_of(("binomes", index, "points_etape", n)),
                                                         key="points_etape", value=value, detail="n'existe pas"))
        if "debut" in dates and dates["debut"] > today:
            problems.append(front_matter.BAD_DATE.at(rel, doc.line_of(("binomes", index, "debut")), key="debut",
                                                     value=item["debut"], detail="est dans le futur"))
        if "debut" in dates and "fin" in dates and dates["fin"] < dates["debut"]:
            problems.append(front_matter.BAD_DATE.at(rel, doc.line_of(("binomes", index, "fin")), key="fin",
                                                     value=item["fin"], detail="précède la date de début"))
        if item["passeur"] == item["apprenant"]:
            problems.append(front_matter.BAD_FORMAT.at(rel, doc.line_of(("binomes", index, "apprenant")), key="apprenant",
                                                       detail="le passeur et l'apprenant sont la même personne, corrigez l'un des deux"))
        if problems:
            continue
        pairs.append(Pair(item["passeur"], item["apprenant"], item["service"].strip(), dates["debut"], tuple(checkpoints),
                          dates.get("fin"), item["issue"],
                          tuple(item[k] for k in ("satisfaction_passeur", "satisfaction_apprenant") if k in item)))
    return ([] if problems else pairs), problems


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # already hidden (« moins de 5 ») when drawn from too few people
    how: str


def _shown(value: str, people: int, threshold: int) -> str:
    return value if people >= threshold else f"moins de {threshold}"


def _fr(value: float) -> str:
    return number(value, 1)


def indicators(pairs: list[Pair], threshold: int) -> list[Figure]:
    """Pairs set up, services engaged and satisfaction, each computed from aggregated counts only."""
    people = len({p.passeur for p in pairs} | {p.learner for p in pairs})
    scores = [s for p in pairs for s in p.satisfaction]
    by_outcome = {o: [p for p in pairs if p.outcome == o] for o in OUTCOMES}

    def people_in(subset: list[Pair]) -> int:
        return len({p.passeur for p in subset} | {p.learner for p in subset})

    figures = [
        Figure("Binômes mis en place", _shown(str(len(pairs)), people, threshold),
               f"binômes du registre (tirés de {_shown(str(people), people, threshold)} personnes)"),
        Figure("Services engagés", _shown(str(len({p.service for p in pairs})), people, threshold),
               "services distincts des binômes du registre"),
    ]
    outcomes = []
    for outcome, label in (("en cours", "Binômes en cours"), ("achevé", "Binômes menés à leur terme"),
                           ("interrompu", "Binômes interrompus")):
        subset = by_outcome[outcome]
        outcomes.append([label, _shown(str(len(subset)), people_in(subset), threshold), f"issue « {outcome} » dans le registre",
                         people_in(subset)])
    hidden = [o for o in outcomes if o[1].startswith("moins")]
    shown = sorted((o for o in outcomes if not o[1].startswith("moins")), key=lambda o: o[3])
    if len(hidden) == 1 and shown and figures[0].value != f"moins de {threshold}":
        # The total less the other outcomes would give the hidden one away: hide the smallest other too.
        shown[0][1] = f"moins de {threshold}"
    figures += [Figure(label, value, how) for label, value, how, _ in outcomes]
    checkpoints = sum(len(p.checkpoints) for p in pairs)
    figures.append(Figure("Points d'étape tenus", _shown(str(checkpoints), people, threshold), "total des points d'étape notés"))
    answers = len(scores)
    figures += [
        Figure("Notes de satisfaction recueillies", _shown(str(answers), answers, threshold),
               "notes de 1 à 5 données par les passeurs et les apprenants"),
        Figure("Satisfaction moyenne", _shown(f"{_fr(sum(scores) / answers)} sur 5", answers, threshold) if answers else "—",
               "moyenne des notes recueillies"),
        Figure("Taux de satisfaction",
               _shown(f"{_fr(100 * sum(s >= SATISFIED_FROM for s in scores) / answers)} %", answers, threshold) if answers else "—",
               "part des notes de 4 ou 5 sur 5"),
    ]
    return figures
