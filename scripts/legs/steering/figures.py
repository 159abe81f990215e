"""The charts of the steering pages, each with the table of its figures, as Markdown lines."""

from __future__ import annotations

from typing import Callable, Sequence

from ..corpus.tracking_file import Period
from ..text.french import number
from . import charts, risk

NONE = "—"


def _rate(value: float | None) -> str:
    return number(value, 1, "%") if value is not None else NONE


def _count(value: int) -> str:
    return number(value, 0)


def _chart_and_table(ident: str, title: str, axis: str, periods: Sequence[Period], value: Callable[[Period], float | None],
                     headers: Sequence[str], cells: Callable[[Period], Sequence[str]], percent: bool = False) -> list[str]:
    """One chart of a figure per period (periods without it are left out of the chart), and its table."""
    shown = [(p.label, value(p)) for p in periods if value(p) is not None]
    chart = charts.bar_chart(title, [label for label, _ in shown], [v for _, v in shown], axis,
                             unit="%" if percent else "", ident=ident, maximum=100 if percent else None,
                             digits=1 if percent else 0)
    table = charts.data_table(title, ["Période", *headers], [(p.label, cells(p)) for p in periods], f"{ident}-tableau")
    return [charts.figure(chart, table), ""]


def period_figures(periods: Sequence[Period]) -> list[str]:
    return [
        *_chart_and_table("binomes", "Binômes mis en place par période", "Nombre de binômes", periods,
                          lambda p: p.pairs, ["Binômes mis en place"], lambda p: [_count(p.pairs)]),
        *_chart_and_table("services", "Services engagés par période", "Nombre de services", periods,
                          lambda p: p.services, ["Services engagés"], lambda p: [_count(p.services)]),
        *_chart_and_table("satisfaction", "Taux de satisfaction par période", "Part des réponses satisfaites (%)", periods,
                          lambda p: p.satisfaction_rate, ["Réponses exprimées", "Réponses satisfaites", "Taux de satisfaction"],
                          lambda p: [_count(p.answers), _count(p.satisfied), _rate(p.satisfaction_rate)], percent=True),
        "Le taux de satisfaction est la part des réponses « plutôt satisfait » ou « très satisfait » "
        "parmi les réponses exprimées (les questions laissées vides ne comptent pas).", "",
    ]


def careers_figures(periods: Sequence[Period]) -> list[str]:
    """Careers and retention: the successors who stay and grow, the departures prepared in time."""
    lines = ["### Parcours professionnels et fidélisation", "",
             "D'après les entretiens et les données RH, la coordination reporte chaque période, dans le bloc "
             "« parcours » du fichier de suivi, ce que deviennent les successeurs dont le binôme est terminé "
             "et combien de départs de passeurs ont été préparés par un successeur formé à temps.", ""]
    followed = [p for p in periods if p.careers]
    if not followed:
        return lines + ["Aucun chiffre de parcours pour l'instant : ajoutez un bloc « parcours » à une période "
                        "du fichier de suivi (voir le modèle de données).", ""]
    lines += _chart_and_table(
        "fidelisation", "Successeurs toujours en poste, par période", "Part des successeurs suivis (%)", followed,
        lambda p: p.careers.retention_rate,
        ["Successeurs suivis", "Toujours en poste", "Taux de fidélisation", "Nouvelles responsabilités", "Part qui évolue"],
        lambda p: [_count(p.careers.followed), _count(p.careers.staying), _rate(p.careers.retention_rate),
                   _count(p.careers.moving_up), _rate(p.careers.progression_rate)], percent=True)
    lines += _chart_and_table(
        "departs", "Départs préparés par un successeur, par période", "Part des départs de passeurs (%)", followed,
        lambda p: p.careers.prepared_rate,
        ["Départs de passeurs", "Avec un successeur formé", "Part des départs préparés"],
        lambda p: [_count(p.careers.departures), _count(p.careers.prepared), _rate(p.careers.prepared_rate)], percent=True)
    return lines + ["Le taux de fidélisation est la part des successeurs suivis qui travaillent toujours dans la "
                    "structure à la fin de la période ; la part des départs préparés est celle des passeurs partis "
                    "dont le savoir avait un successeur formé avant leur départ. Une période sans successeur suivi "
                    "ou sans départ n'a pas de taux (« — »).", ""]


def cell_level(position: int, attrition: int | None) -> str:
    """The level of a cell of the matrix; `attrition` None: the departure date is missing."""
    if attrition is None:
        return risk.UNKNOWN if risk.unknown_matters(position) else risk.level(position)
    return risk.level(position * attrition)


def risk_figure(risks: Sequence[risk.RecordRisk]) -> list[str]:
    counts: dict[tuple[int, int | None], int] = {}
    for r in risks:
        key = (r.position, None if r.departure is None else r.attrition)
        counts[key] = counts.get(key, 0) + 1
    chart = charts.risk_matrix(counts, cell_level, ident="matrice-risques")
    columns: list[int | None] = [1, 2, 3, 4, 5, None]
    rows = []
    for position in range(5, 0, -1):
        # The level is written only where there are records: it is what calls for action.
        rows.append((f"Poste {position}", [f"{_count(n)} ({cell_level(position, a)})" if (n := counts.get((position, a), 0))
                                           else "0" for a in columns]))
    table = charts.data_table("Matrice des risques de perte de savoir : nombre de fiches par case, et niveau de la case",
                              ["Facteur de poste", *(f"Départ {a}" for a in columns[:5]), "Départ inconnu"],
                              rows, "matrice-tableau")
    return [charts.figure(chart, table), ""]
