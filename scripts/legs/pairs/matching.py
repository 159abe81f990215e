"""Scoring every possible pair from the kit's matching criteria, and the best overall set of pairs.

The criteria follow the grid « Critères d'appariement des binômes » (docs/grilles): each is
marked from 0 to 2 and multiplied by a weight a référent may change. Some conditions of the
grid are hard: a pair that breaks one is never proposed, whatever its score.

Hard conditions: both line managers agree; no direct hierarchical link; two different
people; the passeur holds at least one competence the learner needs; at least one day in
common; the sites are at most `distance_max_km` apart (when their coordinates are known).

Points (0 to 2), then multiplied by the criterion's weight:
- besoins (« objectifs communs »): 2 × needs covered ÷ needs of the learner;
- disponibilites: 2 with two days or more in common, 1 with a single day;
- proximite: 2 same site, 1.5 same town, 1 within 20 km, 0.5 farther or distance unknown;
- compatibilite (rhythm of meetings): 2 same rhythm, 1 neighbouring (weekly and fortnightly,
  fortnightly and monthly), 0 weekly and monthly;
- urgence (the passeur's departure): 2 within 12 months, 1 within 24 months, 0 otherwise.

`score_matrix` computes every pair at once with numpy (500 × 500 in a fraction of a second);
`evaluate` computes one pair with its explanation. Both give the same numbers (tested).
The assignment maximises the sum of the scores of the pairs formed (Hungarian method,
`scipy.optimize.linear_sum_assignment`), among feasible pairs only.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..content.problems import Problem
from ..rules import ERROR, Rule
from ..text.french import number
from .census import DAYS, RHYTHMS, Census, Site, Volunteer

# key, label shown to people, how its points are given
CRITERIA = (
    ("besoins", "Objectifs communs", "2 × part des besoins de l'apprenant couverts par le passeur"),
    ("disponibilites", "Disponibilités", "2 avec au moins deux jours communs, 1 avec un seul"),
    ("proximite", "Proximité", "2 même site, 1,5 même ville, 1 à 20 km au plus, 0,5 au-delà ou distance inconnue"),
    ("compatibilite", "Compatibilité des rythmes", "2 même rythme, 1 rythmes voisins, 0 hebdomadaire et mensuel"),
    ("urgence", "Urgence du départ", "2 si le passeur part dans les 12 mois, 1 dans les 24 mois, 0 sinon"),
)
LABELS = {key: label for key, label, _ in CRITERIA}
MAX_POINTS = 2.0
DEFAULT_WEIGHTS = {key: 1.0 for key, _, _ in CRITERIA}
DEFAULT_DISTANCE_MAX_KM = 50.0
NEAR_KM = 20.0

BAD_WEIGHTS = Rule("LG910", "poids-appariement", ERROR, "Le fichier des poids ne contient que des poids connus, positifs.",
                   "{detail} : écrivez « poids: » puis, pour chaque critère voulu parmi {allowed}, un nombre positif ou nul, "
                   "et éventuellement « distance_max_km: » suivi d'un nombre positif.",
                   "poids: {proximité: -1}", "poids: {proximite: 0.5}", applies_to="poids")


@dataclass(frozen=True)
class Weights:
    values: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    distance_max_km: float = DEFAULT_DISTANCE_MAX_KM

    @property
    def max_total(self) -> float:
        return MAX_POINTS * sum(self.values.values())


def load_weights(path: Path, rel: str, root: Path) -> tuple[Weights | None, list[Problem]]:
    """A référent's weights, in a small YAML file: « poids: {besoins: 2, proximite: 0.5} »."""
    from .census import read_yaml

    doc, problems = read_yaml(path, rel, "", root)
    if doc is None or problems:
        return None, problems
    allowed = ", ".join(DEFAULT_WEIGHTS)
    data = doc.data
    values = dict(DEFAULT_WEIGHTS)
    for key in data:
        if key not in ("poids", "distance_max_km"):
            problems.append(BAD_WEIGHTS.at(rel, doc.line_of((key,)), detail=f"la clé « {key} » n'est pas prévue", allowed=allowed))
    given = data.get("poids", {})
    if not isinstance(given, dict):
        problems.append(BAD_WEIGHTS.at(rel, doc.line_of(("poids",)), detail="« poids » doit être une suite de clés", allowed=allowed))
        given = {}
    for key, value in given.items():
        line = doc.line_of(("poids", key))
        if key not in DEFAULT_WEIGHTS:
            problems.append(BAD_WEIGHTS.at(rel, line, detail=f"le critère « {key} » n'existe pas", allowed=allowed))
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            problems.append(BAD_WEIGHTS.at(rel, line, detail=f"le poids de « {key} » vaut « {value} »", allowed=allowed))
        else:
            values[key] = float(value)
    distance = data.get("distance_max_km", DEFAULT_DISTANCE_MAX_KM)
    if isinstance(distance, bool) or not isinstance(distance, (int, float)) or not math.isfinite(distance) or distance <= 0:
        problems.append(BAD_WEIGHTS.at(rel, doc.line_of(("distance_max_km",)), detail=f"« distance_max_km » vaut « {distance} »",
                                       allowed=allowed))
        distance = DEFAULT_DISTANCE_MAX_KM
    if not problems and sum(values.values()) <= 0:
        problems.append(BAD_WEIGHTS.at(rel, doc.line_of(("poids",)), detail="tous les poids sont nuls", allowed=allowed))
    return (None if problems else Weights(values, float(distance))), problems


def distance_km(a: Site, b: Site) -> float | None:
    """Great-circle distance between two sites, or None if one has no coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _same_town(a: Site, b: Site) -> bool:
    return a.town.strip().casefold() == b.town.strip().casefold()


def site_points(a: Site, b: Site, weights: Weights) -> tuple[float | None, str]:
    """Points of proximity (None: too far, a hard condition) and how they were found."""
    if a.id == b.id:
        return 2.0, f"même site ({a.label})"
    km = distance_km(a, b)
    if _same_town(a, b):
        return 1.5, f"même ville ({a.town})" + (f", {fr_number(km, 1)} km" if km is not None else "")
    if km is None:
        return 0.5, f"{a.town} et {b.town}, distance inconnue (coordonnées absentes)"
    if km > weights.distance_max_km:
        return None, f"{fr_number(km, 0)} km entre {a.town} et {b.town}, au-delà de {fr_number(weights.distance_max_km, 0)} km"
    return (1.0 if km <= NEAR_KM else 0.5), f"{fr_number(km, 1)} km entre {a.town} et {b.town}"


_RHYTHM_POINTS = np.array([[2.0, 1.0, 0.0], [1.0, 2.0, 1.0], [0.0, 1.0, 2.0]])


def months_until(today: dt.date, later: dt.date) -> int:
    return (later.year - today.year) * 12 + later.month - today.month - (later.day < today.day)


def urgency_points(passeur: Volunteer, today: dt.date) -> tuple[float, str]:
    if passeur.departure is None:
        return 0.0, "aucun départ annoncé"
    months = months_until(today, passeur.departure)
    when = f"départ prévu en {passeur.departure.month:02d}/{passeur.departure.year}"
    return (2.0 if months <= 12 else 1.0 if months <= 24 else 0.0), when


def fr_number(value: float, digits: int = 2) -> str:
    """« 1,5 », « 2 », « 7,33 », « −1 »: the kit's French numbers, with a true minus sign."""
    return number(value, digits).replace("-", "−")


@dataclass(frozen=True)
class Criterion:
    key: str
    points: float
    weight: float
    detail: str

    @property
    def label(self) -> str:
        return LABELS[self.key]

    @property
    def contribution(self) -> float:
        return self.points * self.weight


@dataclass(frozen=True)
class Evaluation:
    passeur: Volunteer
    learner: Volunteer
    exclusions: tuple[str, ...]  # broken hard conditions, in French; empty if the pair is possible
    criteria: tuple[Criterion, ...]

    @property
    def feasible(self) -> bool:
        return not self.exclusions

    @property
    def total(self) -> float:
        return sum(c.contribution for c in self.criteria) if self.feasible else 0.0

    @property
    def shared(self) -> tuple[str, ...]:
        return tuple(c for c in self.learner.competences if c in self.passeur.competences)


def hierarchical_link(passeur: Volunteer, learner: Volunteer) -> bool:
    return learner.manager == passeur.id or passeur.manager == learner.id


def evaluate(passeur: Volunteer, learner: Volunteer, census: Census, weights: Weights, today: dt.date,
             label=lambda c: c) -> Evaluation:
    """One pair, criterion by criterion, with the hard conditions it breaks."""
    exclusions = []
    if passeur.id == learner.id:
        exclusions.append("une même personne ne peut pas être son propre binôme")
    if not passeur.manager_agrees:
        exclusions.append("le ou la N+1 du passeur n'a pas donné son accord")
    if not learner.manager_agrees:
        exclusions.append("le ou la N+1 de l'apprenant n'a pas donné son accord")
    if hierarchical_link(passeur, learner):
        exclusions.append("lien hiérarchique direct entre les deux personnes")
    shared = [c for c in learner.competences if c in passeur.competences]
    if not shared:
        exclusions.append("le passeur ne détient aucune des compétences recherchées")
    common = [d for d in DAYS if d in passeur.days and d in learner.days]
    if not common:
        exclusions.append("aucun jour de disponibilité en commun")
    proximity, where = site_points(census.sites[passeur.site], census.sites[learner.site], weights)
    if proximity is None:
        exclusions.append(f"sites trop éloignés ({where})")
    urgency, when = urgency_points(passeur, today)
    w = weights.values
    missing = [c for c in learner.competences if c not in passeur.competences]
    criteria = (
        Criterion("besoins", MAX_POINTS * len(shared) / len(learner.competences), w["besoins"],
                  f"{len(shared)} besoin(s) sur {len(learner.competences)} couvert(s)"
                  + (f" : {', '.join(label(c) for c in shared)}" if shared else "")
                  + (f" ; non couvert(s) : {', '.join(label(c) for c in missing)}" if shared and missing else "")),
        Criterion("disponibilites", min(2.0, float(len(common))), w["disponibilites"],
                  f"jours communs : {', '.join(common)}" if common else "aucun jour commun"),
        Criterion("proximite", proximity or 0.0, w["proximite"], where),
        Criterion("compatibilite", float(_RHYTHM_POINTS[RHYTHMS.index(passeur.rhythm), RHYTHMS.index(learner.rhythm)]),
                  w["compatibilite"], f"rythme {passeur.rhythm} (passeur) et {learner.rhythm} (apprenant)"),
        Criterion("urgence", urgency, w["urgence"], when),
    )
    return Evaluation(passeur, learner, tuple(exclusions), criteria)


@dataclass
class Matrix:
    """Every pair at once: rows are learners, columns passeurs."""
    scores: np.ndarray  # total score, 0 where infeasible
    feasible: np.ndarray
    no_competence: np.ndarray
    no_day: np.ndarray
    too_far: np.ndarray
    hierarchy: np.ndarray  # same person or direct hierarchical link


_POPCOUNT = np.array([bin(n).count("1") for n in range(1 << len(DAYS))], dtype=np.int8)


def score_matrix(census: Census, weights: Weights, today: dt.date) -> Matrix:
    passeurs, learners = census.passeurs, census.learners
    n_l, n_p = len(learners), len(passeurs)
    competence_ids = sorted({c for v in passeurs + learners for c in v.competences})
    column = {c: i for i, c in enumerate(competence_ids)}
    held = np.zeros((n_p, len(competence_ids)), dtype=np.float32)
    needed = np.zeros((n_l, len(competence_ids)), dtype=np.float32)
    for j, p in enumerate(passeurs):
        held[j, [column[c] for c in p.competences]] = 1
    for i, learner in enumerate(learners):
        needed[i, [column[c] for c in learner.competences]] = 1
    covered = needed @ held.T  # needs of learner i that passeur j holds
    need_counts = needed.sum(axis=1)[:, None]

    def mask(v: Volunteer) -> int:
        return sum(1 << DAYS.index(d) for d in v.days)

    days_l = np.array([mask(v) for v in learners], dtype=np.int64)
    days_p = np.array([mask(v) for v in passeurs], dtype=np.int64)
    common = _POPCOUNT[days_l[:, None] & days_p[None, :]]

    site_ids = list(census.sites)
    site_index = {s: i for i, s in enumerate(site_ids)}
    table = np.full((len(site_ids), len(site_ids)), np.nan)
    for a, sa in enumerate(site_ids):
        for b, sb in enumerate(site_ids):
            points, _ = site_points(census.sites[sa], census.sites[sb], weights)
            if points is not None:
                table[a, b] = points
    proximity = table[np.array([site_index[v.site] for v in passeurs], dtype=np.int64)[None, :],
                      np.array([site_index[v.site] for v in learners], dtype=np.int64)[:, None]] \
        if n_l and n_p else np.zeros((n_l, n_p))
    rhythm = _RHYTHM_POINTS[np.array([RHYTHMS.index(v.rhythm) for v in learners], dtype=np.int64)[:, None],
                            np.array([RHYTHMS.index(v.rhythm) for v in passeurs], dtype=np.int64)[None, :]] \
        if n_l and n_p else np.zeros((n_l, n_p))
    urgency = np.array([urgency_points(p, today)[0] for p in passeurs])

    hierarchy = np.zeros((n_l, n_p), dtype=bool)
    passeur_index = {p.id: j for j, p in enumerate(passeurs)}
    learner_index = {v.id: i for i, v in enumerate(learners)}
    for i, learner in enumerate(learners):
        for other in (learner.id, learner.manager):  # the same person, or the learner's N+1
            if other in passeur_index:
                hierarchy[i, passeur_index[other]] = True
    for j, p in enumerate(passeurs):
        if p.manager in learner_index:
            hierarchy[learner_index[p.manager], j] = True
    agree = np.array([v.manager_agrees for v in learners])[:, None] & np.array([p.manager_agrees for p in passeurs])[None, :]
    no_competence, no_day, too_far = covered == 0, common == 0, np.isnan(proximity)
    feasible = agree & ~hierarchy & ~no_competence & ~no_day & ~too_far
    w = weights.values
    with np.errstate(invalid="ignore", divide="ignore"):
        total = (w["besoins"] * (MAX_POINTS * covered.astype(np.float64) / need_counts)
                 + w["disponibilites"] * np.minimum(common, 2).astype(np.float64)
                 + w["proximite"] * np.nan_to_num(proximity)
                 + w["compatibilite"] * rhythm
                 + w["urgence"] * urgency[None, :])
    scores = np.where(feasible, total, 0.0)
    return Matrix(scores, feasible, no_competence, no_day, too_far, hierarchy)


def assign(scores: np.ndarray, feasible: np.ndarray) -> list[tuple[int, int]]:
    """The set of pairs with the largest total score; infeasible or zero-score pairs are never kept.

    Infeasible entries count 0: any set of feasible pairs is part of a full rectangular
    assignment padded with such entries, so the optimum over full assignments, less its
    zero entries, is the optimum over sets of feasible pairs."""
    if scores.size == 0:
        return []
    rows, cols = linear_sum_assignment(np.where(feasible, scores, 0.0), maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if feasible[i, j] and scores[i, j] > 0]


@dataclass
class Unpaired:
    volunteer: Volunteer
    reason: str


@dataclass
class Proposal:
    pairs: list[Evaluation]
    unpaired_learners: list[Unpaired]
    unpaired_passeurs: list[Unpaired]
    weights: Weights
    today: dt.date

    @property
    def total(self) -> float:
        return sum(p.total for p in self.pairs)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _why_alone(index: int, matrix: Matrix, axis: int, volunteers: list[Volunteer], partners: list[Volunteer],
               partner_of: dict[int, int], others: list[Volunteer], scores_by_partner, label) -> str:
    """Why a volunteer has no pair: what rules out each candidate, or who took the possible ones."""
    me = volunteers[index]
    if not me.manager_agrees:
        return "son ou sa N+1 n'a pas encore donné son accord (condition obligatoire)"
    if not partners:
        return "aucun " + ("passeur" if axis == 0 else "apprenant") + " dans le recensement"

    def row(a: np.ndarray) -> np.ndarray:
        return a[index, :] if axis == 0 else a[:, index]

    feasible = row(matrix.feasible)
    possible = np.flatnonzero(feasible & (row(matrix.scores) > 0))
    if possible.size:
        taken = []
        for k in possible[np.argsort(-row(matrix.scores)[possible], kind="stable")][:3]:
            partner = partners[k]
            rival = partner_of.get(int(k))
            mine = fr_number(float(row(matrix.scores)[k]))
            theirs = f", avec {others[rival].name or others[rival].id} (score {fr_number(scores_by_partner(int(k)))})" \
                if rival is not None else ""
            taken.append(f"{partner.name or partner.id} (score {mine}{theirs})")
        return ("les binômes possibles sont retenus ailleurs, pour un meilleur total d'ensemble : " + " ; ".join(taken)
                + (f" ; et {possible.size - 3} autre(s)" if possible.size > 3 else ""))
    reasons = []
    refused = sum(1 for p in partners if not p.manager_agrees)
    if refused:
        reasons.append(_count(refused, "n'a pas l'accord de son N+1", "n'ont pas l'accord de leur N+1"))
    for flag, one, many in ((matrix.no_competence, "ne couvre aucun besoin", "ne couvrent aucun besoin"),
                            (matrix.no_day, "n'a aucun jour commun", "n'ont aucun jour commun"),
                            (matrix.too_far, "est trop loin", "sont trop loin"),
                            (matrix.hierarchy, "a un lien hiérarchique direct", "ont un lien hiérarchique direct")):
        n = int(row(flag).sum())
        if n:
            reasons.append(_count(n, one, many))
    if axis == 0:
        held = {c for p in partners for c in p.competences}
        lacking = [label(c) for c in me.competences if c not in held]
        if lacking:
            reasons.insert(0, "aucun passeur ne détient : " + ", ".join(lacking))
    else:
        wanted = {c for v in partners for c in v.competences}
        if not any(c in wanted for c in me.competences):
            reasons.insert(0, "aucun apprenant ne recherche ses compétences")
    who = "passeur(s)" if axis == 0 else "apprenant(s)"
    return f"aucun binôme possible parmi {len(partners)} {who} : " + " ; ".join(reasons)


def propose(census: Census, weights: Weights, today: dt.date, label=lambda c: c) -> Proposal:
    """The best overall set of pairs, each explained, and why each other volunteer is left alone."""
    matrix = score_matrix(census, weights, today)
    chosen = assign(matrix.scores, matrix.feasible)
    pairs = [evaluate(census.passeurs[j], census.learners[i], census, weights, today, label) for i, j in chosen]
    passeur_of = {i: j for i, j in chosen}
    learner_of = {j: i for i, j in chosen}
    lonely_learners = [Unpaired(v, _why_alone(i, matrix, 0, census.learners, census.passeurs, learner_of, census.learners,
                                              lambda j: float(matrix.scores[learner_of[j], j]), label))
                       for i, v in enumerate(census.learners) if i not in passeur_of]
    lonely_passeurs = [Unpaired(p, _why_alone(j, matrix, 1, census.passeurs, census.learners, passeur_of, census.passeurs,
                                              lambda i: float(matrix.scores[i, passeur_of[i]]), label))
                       for j, p in enumerate(census.passeurs) if j not in learner_of]
    pairs.sort(key=lambda e: (-e.total, e.learner.id))
    return Proposal(pairs, lonely_learners, lonely_passeurs, weights, today)
