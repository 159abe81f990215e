"""Pairs (issue 14): census, scores by hand, optimal assignment, hard conditions, outputs, indicators, risk."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from conftest import ROOT, run_legs
from legs.pairs import census as census_module
from legs.pairs import matching, register, report, synthetic
from legs.pairs.census import LEARNER, PASSEUR, Census, Site, Volunteer
from legs.text import formatters

TODAY = dt.date(2026, 11, 22)
VOCAB = {c: c for c in ("redaction-dce", "analyse-offres", "execution-marches", "paie-hospitaliere",
                        "actes-etat-civil", "dossiers-retraite", "gestion-temps")}
EXAMPLES = ROOT / "exemples"


def person(role: str, id: str, site: str, competences, days, rhythm="quinzaine", manager="chef", agrees=True,
           departure=None) -> Volunteer:
    return Volunteer(id=id, role=role, site=site, competences=tuple(competences), days=frozenset(days), rhythm=rhythm,
                     manager=manager, manager_agrees=agrees, departure=departure)


def tiny() -> Census:
    """Two passeurs, two learners, four sites: every score below is computed by hand."""
    c = Census("tiny.yml")
    c.sites = {
        "a": Site("a", "Site A", "Alençon", 48.432, 0.091),
        "b": Site("b", "Site B", "Alençon", 48.430, 0.087),
        "c": Site("c", "Site C", "Sées", 48.55, 0.091),  # 13.1 km from A, 13.3 km from B
        "d": Site("d", "Site D", "Caen", 49.183, -0.371),  # about 90 km from A
    }
    c.passeurs = [
        person(PASSEUR, "p1", "a", ["redaction-dce", "analyse-offres"], ["mardi", "jeudi"], "hebdomadaire",
               departure=dt.date(2027, 6, 1)),
        person(PASSEUR, "p2", "c", ["execution-marches"], ["jeudi"], "mensuel", departure=dt.date(2028, 6, 1)),
    ]
    c.learners = [
        person(LEARNER, "l1", "b", ["redaction-dce", "execution-marches"], ["mardi", "jeudi", "vendredi"], "quinzaine"),
        person(LEARNER, "l2", "a", ["execution-marches"], ["jeudi"], "hebdomadaire"),
    ]
    return c


def test_scores_match_the_hand_computation() -> None:
    c, w = tiny(), matching.Weights()
    p1, p2 = c.passeurs
    l1, l2 = c.learners
    # p1–l1: needs 1/2 → 1; days mardi, jeudi → 2; same town → 1.5; hebdomadaire/quinzaine → 1; departure in 7 months → 2
    e = matching.evaluate(p1, l1, c, w, TODAY)
    assert [cr.points for cr in e.criteria] == [1.0, 2.0, 1.5, 1.0, 2.0] and e.total == 7.5 and e.feasible
    # p2–l1: needs 1/2 → 1; jeudi → 1; 13.3 km from B → 1; mensuel/quinzaine → 1; 19 months → 1
    e = matching.evaluate(p2, l1, c, w, TODAY)
    assert [cr.points for cr in e.criteria] == [1.0, 1.0, 1.0, 1.0, 1.0] and e.total == 5.0
    assert "13,3 km entre Sées et Alençon" in e.criteria[2].detail
    # p1–l2: p1 holds no need of l2 → excluded, score 0
    e = matching.evaluate(p1, l2, c, w, TODAY)
    assert not e.feasible and e.total == 0 and "aucune des compétences" in e.exclusions[0]
    # p2–l2: needs 1/1 → 2; jeudi → 1; 13.1 km → 1; mensuel/hebdomadaire → 0; → 1
    assert matching.evaluate(p2, l2, c, w, TODAY).total == 5.0
    # Weights multiply each criterion: besoins × 2, compatibilite × 0 for p1–l1: 2 + 2 + 1.5 + 0 + 2
    heavy = matching.Weights({**matching.DEFAULT_WEIGHTS, "besoins": 2.0, "compatibilite": 0.0})
    assert matching.evaluate(p1, l1, c, heavy, TODAY).total == 7.5
    assert heavy.max_total == 2 * 5
    # The matrix gives the same numbers as the explained evaluation.
    m = matching.score_matrix(c, w, TODAY)
    assert m.scores.tolist() == [[7.5, 5.0], [0.0, 5.0]]


def test_the_best_total_wins_over_the_best_single_pair() -> None:
    """Greedy would give p1 to l1 (7.5) and p2 to l2 (5): 12.5, which is also optimal here;
    with p2 made worse for l2 the optimum must still pair everyone possible."""
    c = tiny()
    proposal = matching.propose(c, matching.Weights(), TODAY)
    assert {(e.learner.id, e.passeur.id) for e in proposal.pairs} == {("l1", "p1"), ("l2", "p2")}
    assert proposal.total == 12.5
    # l1 is better with p1 (7.5) than with p2 (5); l2 can only take p2. Make l2 unable to meet p2:
    # then l1 and l2 compete for p2 only if p1 is gone; remove p1's agreement.
    c.passeurs[0] = person(PASSEUR, "p1", "a", ["redaction-dce", "analyse-offres"], ["mardi", "jeudi"], agrees=False)
    proposal = matching.propose(c, matching.Weights(), TODAY)
    # Both learners score 5 with p2: one gets p2, the other is told p2 went to a better overall set.
    assert [e.passeur.id for e in proposal.pairs] == ["p2"] and proposal.total == 5.0
    alone = {u.volunteer.id: u.reason for u in proposal.unpaired_passeurs}
    assert "N+1 n'a pas encore donné son accord" in alone["p1"]
    (learner,) = proposal.unpaired_learners
    assert "retenus ailleurs" in learner.reason and "p2 (score 5, avec l" in learner.reason


def test_hard_conditions_exclude_a_pair_whatever_its_score() -> None:
    c = tiny()
    base = c.learners[0]
    for changed, words in (
        (dict(agrees=False), "N+1 de l'apprenant"),
        (dict(manager="p1"), "lien hiérarchique"),
        (dict(site="d"), "sites trop éloignés"),
        (dict(days=["lundi"]), "aucun jour"),
    ):
        fields = dict(role=LEARNER, id="l1", site=base.site, competences=base.competences, days=base.days,
                      rhythm=base.rhythm, manager=base.manager, agrees=base.manager_agrees) | changed
        c.learners[0] = person(**fields)
        e = matching.evaluate(c.passeurs[0], c.learners[0], c, matching.Weights(), TODAY)
        assert not e.feasible and any(words in x for x in e.exclusions), (changed, e.exclusions)
        proposal = matching.propose(c, matching.Weights(), TODAY)
        assert ("l1", "p1") not in {(p.learner.id, p.passeur.id) for p in proposal.pairs}
    # The passeur's own N+1 being the learner is a direct link too.
    c = tiny()
    c.passeurs[0] = person(PASSEUR, "p1", "a", ["redaction-dce"], ["mardi"], manager="l1")
    assert "lien hiérarchique" in " ".join(matching.evaluate(c.passeurs[0], c.learners[0], c, matching.Weights(), TODAY).exclusions)


def _brute_force(scores, feasible) -> float:
    n_l, n_p = scores.shape
    best = 0.0

    def walk(i: int, used: frozenset, total: float) -> None:
        nonlocal best
        if i == n_l:
            best = max(best, total)
            return
        walk(i + 1, used, total)  # learner i left alone
        for j in range(n_p):
            if j not in used and feasible[i, j] and scores[i, j] > 0:
                walk(i + 1, used | {j}, total + scores[i, j])

    walk(0, frozenset(), 0.0)
    return best


def _random_census(rng: random.Random) -> Census:
    c = synthetic.census(rng.randint(1, 6), rng.randint(1, 6), list(VOCAB)[:4], seed=rng.randrange(10**6), sites=4,
                         refusal_rate=0.2)
    # Some direct hierarchical links between the two groups.
    if c.passeurs and c.learners and rng.random() < 0.5:
        victim = rng.randrange(len(c.learners))
        old = c.learners[victim]
        c.learners[victim] = Volunteer(**{**old.__dict__, "manager": c.passeurs[0].id})
    return c


@pytest.mark.parametrize("seed", range(80))
def test_assignment_is_optimal_and_never_breaks_a_hard_condition(seed: int) -> None:
    rng = random.Random(seed)
    c = _random_census(rng)
    weights = matching.Weights({k: rng.choice([0.0, 0.5, 1.0, 2.0, 3.0]) for k in matching.DEFAULT_WEIGHTS},
                               distance_max_km=rng.choice([5.0, 30.0, 80.0]))
    m = matching.score_matrix(c, weights, TODAY)
    proposal = matching.propose(c, weights, TODAY)
    assert proposal.total == pytest.approx(_brute_force(m.scores, m.feasible), abs=1e-9)
    for e in proposal.pairs:
        assert e.feasible and e.total > 0
        assert e.passeur.manager_agrees and e.learner.manager_agrees
        assert not matching.hierarchical_link(e.passeur, e.learner)
    assert len({e.passeur.id for e in proposal.pairs}) == len(proposal.pairs)
    assert len({e.learner.id for e in proposal.pairs}) == len(proposal.pairs)
    # Every volunteer is either paired or explained.
    assert len(proposal.pairs) + len(proposal.unpaired_learners) == len(c.learners)
    assert len(proposal.pairs) + len(proposal.unpaired_passeurs) == len(c.passeurs)
    assert all(u.reason for u in proposal.unpaired_learners + proposal.unpaired_passeurs)
    # The fast matrix and the explained evaluation agree on every pair.
    for i, learner in enumerate(c.learners):
        for j, p in enumerate(c.passeurs):
            e = matching.evaluate(p, learner, c, weights, TODAY)
            assert e.feasible == bool(m.feasible[i, j])
            assert (e.total if e.feasible else 0.0) == pytest.approx(m.scores[i, j], abs=1e-9)


def test_brute_force_itself_on_a_known_case() -> None:
    import numpy as np

    scores = np.array([[3.0, 2.0], [2.0, 0.0]])
    feasible = np.array([[True, True], [True, False]])
    assert _brute_force(scores, feasible) == 4.0  # 2 + 2, not the greedy 3
    assert sum(scores[i, j] for i, j in matching.assign(scores, feasible)) == 4.0


# --- census files ------------------------------------------------------------------------------------


def _load(tmp_path: Path, name: str, text: str, people=None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return census_module.load(path, name, tmp_path, VOCAB, people)


def _lines(problems) -> list[str]:
    return [formatters.text_line(p) for p in problems]


def test_the_example_census_is_valid_in_yaml_and_csv() -> None:
    vocab = {c: c for c in ("redaction-dce", "analyse-offres", "definition-besoin", "execution-marches", "paie-hospitaliere",
                            "primes-indemnites", "actes-etat-civil", "funeraire")}
    found, problems = census_module.load(EXAMPLES / "recensement.yml", "exemples/recensement.yml", ROOT, vocab)
    assert problems == [] and len(found.passeurs) == 4 and len(found.learners) == 4
    assert found.passeurs[2].departure == dt.date(2028, 1, 1)
    sheet, problems = census_module.load(EXAMPLES / "recensement.csv", "exemples/recensement.csv", ROOT, vocab)
    assert problems == [] and [p.id for p in sheet.passeurs] == ["cmorel", "bfaure"]
    assert sheet.learners[0].name == "Julie Durand" and sheet.learners[0].competences == ("redaction-dce", "execution-marches")
    assert sheet.passeurs[0].days == frozenset({"mardi", "jeudi"}) and sheet.learners[0].manager_agrees
    assert sheet.sites["prefecture"].town == "Alençon"


GOOD_YAML = """sites:
  - id: siege
    ville: Alençon
passeurs:
  - id: cmorel
    site: siege
    competences: [redaction-dce]
    disponibilites: [mardi]
    rythme: quinzaine
    n_plus_1: aleroux
    accord_n_plus_1: true
apprenants:
  - id: jdurand
    nom: Julie Durand
    site: siege
    besoins: [redaction-dce]
    disponibilites: [mardi]
    rythme: quinzaine
    n_plus_1: aleroux
    accord_n_plus_1: true
"""


def test_bad_yaml_census_gets_french_messages_with_file_and_line(tmp_path: Path) -> None:
    assert _load(tmp_path, "ok.yml", GOOD_YAML, people={"cmorel": 1})[1] == []
    cases = {
        "besoins: [redaction-dce]": ("besoins: [redaction-dcee]", "recensement.yml:16: LG302 la compétence « redaction-dcee »",
                                     "vouliez-vous dire « redaction-dce »"),
        "    site: siege\n    besoins": ("    site: sieg\n    besoins", "recensement.yml:15: LG902 le site « sieg » n'est pas déclaré",
                                         "vouliez-vous dire « siege »"),
        "disponibilites: [mardi]\n    rythme: quinzaine\n    n_plus_1: aleroux\n    accord_n_plus_1: true\n"
        "apprenants": ("disponibilites: [mardy]\n    rythme: quinzaine\n    n_plus_1: aleroux\n    accord_n_plus_1: true\n"
                       "apprenants", "recensement.yml:8: LG209 « mardy » n'est pas une valeur possible", "« lundi »"),
        "    accord_n_plus_1: true\napprenants": ("apprenants", "recensement.yml:5: LG206 la clé obligatoire « accord_n_plus_1 » manque", ""),
        "  - id: cmorel": ("  - id: cmorell", "recensement.yml:5: LG903 « cmorell » ne figure pas au registre des personnes",
                           "vouliez-vous dire « cmorel »"),
        "accord_n_plus_1: true\napprenants": ("accord_n_plus_1: oui\napprenants", "recensement.yml:11: LG208 « passeurs.accord_n_plus_1 » doit être « true » ou « false »", ""),
    }
    for old, (new, expected, hint) in cases.items():
        assert old in GOOD_YAML, old
        found, problems = _load(tmp_path, "recensement.yml", GOOD_YAML.replace(old, new, 1), people={"cmorel": 1})
        lines = _lines(problems)
        assert found is None and any(line.startswith(expected) and hint in line for line in lines), (expected, lines)
    twice = GOOD_YAML + GOOD_YAML[GOOD_YAML.index("  - id: jdurand"):]
    lines = _lines(_load(tmp_path, "recensement.yml", twice, people={"cmorel": 1})[1])
    assert any(re.match(r"recensement\.yml:21: LG904 « jdurand » apparaît deux fois parmi les apprenants \(déjà ligne 13\)", x)
               for x in lines), lines
    lines = _lines(_load(tmp_path, "recensement.yml", "passeurs: [\n", people=None)[1])
    assert lines and "LG201" in lines[0] and "recensement.yml:" in lines[0]


GOOD_CSV = """Rôle;Identifiant;Nom;Site;Ville;Compétences;Besoins;Disponibilités;Rythme;Départ prévu;N+1;Accord N+1
passeuse;bfaure;;prefecture;Alençon;execution-marches;;lundi, jeudi;quinzaine;2027-01;aleroux;oui
apprenante;jdurand;Julie Durand;prefecture;Alençon;;execution-marches;jeudi;hebdomadaire;;aleroux;oui
"""


def test_bad_csv_census_gets_french_messages_with_file_and_line(tmp_path: Path) -> None:
    import csv
    import io

    comma = io.StringIO()
    csv.writer(comma).writerows(csv.reader(io.StringIO(GOOD_CSV), delimiter=";"))
    assert '"lundi, jeudi"' in comma.getvalue()
    found, problems = _load(tmp_path, "ok.csv", comma.getvalue(), people={"bfaure": 1})
    assert problems == [] and found.passeurs[0].id == "bfaure"  # a comma-separated export too
    found, problems = _load(tmp_path, "ok.csv", "\ufeff" + GOOD_CSV.replace("\n", "\r\n"), people={"bfaure": 1})
    assert problems == [] and found.learners[0].days == frozenset({"jeudi"})
    cases = (
        ("Disponibilités", "Disponibilite", "recensement.csv:1: LG905 la colonne « Disponibilite » n'est pas prévue (vouliez-vous dire « Disponibilités » ?)"),
        ("lundi, jeudi", "lundi, jeudy", "recensement.csv:2: LG906 la colonne « Disponibilités » contient « jeudy »"),
        ("aleroux;oui\napprenante", "aleroux;peut-être\napprenante", "recensement.csv:2: LG906 la colonne « Accord N+1 » contient « peut-être »"),
        ("apprenante;", "stagiaire;", "recensement.csv:3: LG906 la colonne « Rôle » contient « stagiaire »"),
        (";execution-marches;jeudi", ";execution-marche;jeudi", "recensement.csv:3: LG302 la compétence « execution-marche »"),
        (";prefecture;Alençon;;execution", ";prefecture;Caen;;execution", "recensement.csv:3: LG907 le site « prefecture » est déclaré à « Alençon » et à « Caen » (ligne 2)"),
    )
    for old, new, expected in cases:
        assert old in GOOD_CSV, old
        found, problems = _load(tmp_path, "recensement.csv", GOOD_CSV.replace(old, new, 1), people={"bfaure": 1})
        lines = _lines(problems)
        assert found is None and any(line.startswith(expected) for line in lines), (expected, lines)
    no_agreement = GOOD_CSV.replace(";N+1;Accord N+1", ";N+1").replace(";oui\n", "\n")
    lines = _lines(_load(tmp_path, "recensement.csv", no_agreement)[1])
    assert lines == ["recensement.csv:1: LG905 la colonne obligatoire « Accord N+1 » manque : les colonnes possibles sont "
                     + lines[0].split("les colonnes possibles sont ", 1)[1]]


def test_a_census_that_is_a_symbolic_link_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text(GOOD_YAML, encoding="utf-8")
    (tmp_path / "prive").mkdir()
    (tmp_path / "prive/recensement.yml").symlink_to(secret)
    found, problems = census_module.load(tmp_path / "prive/recensement.yml", "prive/recensement.yml", tmp_path, VOCAB)
    assert found is None and problems[0].code == "LG106"


def test_weights_file_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "poids.yml"
    path.write_text("poids:\n  besoins: 2\n  proximité: -1\ndistance_max_km: 30\n", encoding="utf-8")
    weights, problems = matching.load_weights(path, "poids.yml", tmp_path)
    assert weights is None and _lines(problems)[0].startswith("poids.yml:3: LG910 le critère « proximité » n'existe pas")
    path.write_text("poids:\n  besoins: 2\n  proximite: -1\n", encoding="utf-8")
    assert _lines(matching.load_weights(path, "poids.yml", tmp_path)[1])[0].startswith("poids.yml:3: LG910 le poids de « proximite » vaut « -1 »")
    weights, problems = matching.load_weights(EXAMPLES / "poids.yml", "exemples/poids.yml", ROOT)
    assert problems == [] and weights.values["besoins"] == 2.0 and weights.distance_max_km == 60.0


# --- outputs -------------------------------------------------------------------------------------------


HOSTILE = "<script>alert(1)</script>\x1b[31m=HYPERLIEN()"


def _hostile_proposal():
    c = tiny()
    c.learners[0] = Volunteer(**{**c.learners[0].__dict__, "name": HOSTILE})
    return matching.propose(c, matching.Weights(), TODAY)


def test_terminal_table_fits_100_columns_and_is_safe() -> None:
    text = report.terminal(_hostile_proposal(), lambda v: v.name or v.id, str)
    assert all(len(line) <= 100 for line in text.splitlines()), max(text.splitlines(), key=len)
    assert "\x1b" not in text and "\\x1b" in text
    assert "Objectifs communs : 1 point(s) × poids 1 = 1" in text


def test_pdf_holds_the_proposals_and_escapes_them(tmp_path: Path) -> None:
    from pypdf import PdfReader

    proposal = _hostile_proposal()
    body = report.pdf_body(proposal, lambda v: v.name or v.id, str, "prive/recensement.yml")
    assert "<script>" not in body and "&lt;script&gt;" in body
    target = report.write_pdf(proposal, lambda v: v.name or v.id, str, "prive/recensement.yml", tmp_path / "b.pdf")
    reader = PdfReader(target)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = " ".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    for words in ("Binômes proposés au comité", "p1", "p2", "l2", "Objectifs communs", "Confidentiel"):
        assert words in text, words


def test_spreadsheet_neutralises_formulas() -> None:
    sheet = report.spreadsheet(_hostile_proposal(), lambda v: v.id if v.role == PASSEUR else "=SOMME(A1)", str)
    assert '"\'=SOMME(A1)"' in sheet and '"=SOMME' not in sheet
    assert sheet.splitlines()[0].startswith('\ufeff"numero";"apprenant";"passeur";"score"')


# --- command line ----------------------------------------------------------------------------------------


def test_apparier_exit_codes(tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    result = run_legs(ROOT, "apparier", "--recensement", str(EXAMPLES / "recensement.yml"), "--dossier", str(out),
                      "--date", "2026-11-22")
    assert result.returncode == 0, result.stderr
    assert "Binômes proposés : 3" in result.stdout and "Léa Nguyen" in result.stdout
    assert (out / "binomes-proposes.pdf").stat().st_size > 1000 and (out / "binomes-proposes.csv").is_file()
    assert all(len(line) <= 100 for line in result.stdout.splitlines() if str(out) not in line)
    bad = tmp_path / "recensement.yml"
    bad.write_text(GOOD_YAML.replace("rythme: quinzaine", "rythme: parfois", 1), encoding="utf-8")
    result = run_legs(ROOT, "apparier", "--recensement", str(bad), "--sans-fichiers")
    assert result.returncode == 1
    assert re.search(r"recensement\.yml:9: LG209 « parfois » n'est pas une valeur possible pour « passeurs\.rythme »", result.stdout)
    result = run_legs(ROOT, "apparier", "--recensement", str(tmp_path / "absent.yml"))
    assert result.returncode == 2 and "introuvable" in result.stderr
    result = run_legs(ROOT, "apparier", "--distance-max", "loin")
    assert result.returncode == 2 and "n'est pas un nombre" in result.stderr and "Traceback" not in result.stderr
    result = run_legs(ROOT, "apparier", "--help")
    assert result.returncode == 0 and result.stdout.startswith("Utilisation : legs apparier ")


# --- register and indicators --------------------------------------------------------------------------


def _pair(p: str, a: str, service: str = "DRH", outcome: str = "en cours", *scores: int) -> register.Pair:
    return register.Pair(p, a, service, dt.date(2026, 3, 1), (), None, outcome, scores)


def test_indicators_hide_any_figure_drawn_from_fewer_than_the_threshold() -> None:
    figures = {f.label: f.value for f in register.indicators([_pair("p1", "a1", "DRH", "en cours", 4, 5),
                                                              _pair("p2", "a2", "Archives", "achevé", 2)], 5)}
    # 4 people, 3 answers: nothing is published.
    assert set(figures.values()) == {"moins de 5"}
    pairs = [_pair("p1", "a1", "DRH", "en cours", 5, 4), _pair("p2", "a2", "Archives", "achevé", 3, 5),
             _pair("p3", "a3", "DRH", "en cours", 4)]
    figures = {f.label: f.value for f in register.indicators(pairs, 5)}
    assert figures["Binômes mis en place"] == "3" and figures["Services engagés"] == "2"
    assert figures["Binômes menés à leur terme"] == "moins de 5"  # two people only
    assert figures["Binômes en cours"] == "moins de 5"  # two pairs are four people: still too few
    assert figures["Notes de satisfaction recueillies"] == "5"
    assert figures["Satisfaction moyenne"] == "4,2 sur 5"  # (5 + 4 + 3 + 5 + 4) / 5
    assert figures["Taux de satisfaction"] == "80 %"  # 4 of 5 notes are 4 or 5


def test_a_hidden_figure_cannot_be_found_by_subtraction() -> None:
    pairs = [_pair(f"p{n}", f"a{n}", "DRH", "en cours" if n < 3 else "achevé" if n < 6 else "interrompu") for n in range(7)]
    figures = {f.label: f.value for f in register.indicators(pairs, 5)}
    # 7 pairs shown; « interrompu » (2 people) hidden; « en cours » (6 people) and « achevé » (6 people) shown
    # would give it away (7 − 3 − 3): the smaller of the two is hidden as well.
    assert figures["Binômes mis en place"] == "7" and figures["Binômes interrompus"] == "moins de 5"
    assert sorted((figures["Binômes en cours"], figures["Binômes menés à leur terme"])) == ["3", "moins de 5"]


def test_indicators_page_computes_from_the_register(monkeypatch, tmp_path: Path) -> None:
    from legs import corpus
    from legs.content.settings import Settings
    from legs.pages import steering as steering_pages

    loaded = corpus.load(Settings.load(ROOT), today=TODAY)
    monkeypatch.setenv("LEGS_BINOMES", str(tmp_path / "absent.yml"))
    page, problems = steering_pages.indicators_page(loaded)
    assert problems == [] and "registre" not in page.content.split("## Exporter")[0].split("## Le dispositif")[1]
    monkeypatch.setenv("LEGS_BINOMES", str(EXAMPLES / "binomes.yml"))
    page, problems = steering_pages.indicators_page(loaded)
    assert problems == []
    assert "aucun chiffre tiré de moins de 5 personnes" in page.content
    assert "| Binômes mis en place | **3** |" in page.content  # six people
    assert "| Satisfaction moyenne | **4,2 sur 5** |" in page.content  # five notes
    assert "| Binômes interrompus | **moins de 5** |" in page.content
    for secret in ("cmorel", "kleclerc", "Préfecture, bureau des moyens"):
        assert secret not in page.content
    broken = tmp_path / "binomes.yml"
    broken.write_text("binomes:\n  - passeur: a\n    apprenant: b\n    service: DRH\n    debut: 2026-02-30\n    issue: fini\n",
                      encoding="utf-8")
    monkeypatch.setenv("LEGS_BINOMES", str(broken))
    _, problems = steering_pages.indicators_page(loaded)
    assert [p.line for p in problems] == [6] and problems[0].code == "LG209"


def test_risk_map_uses_census_departures_and_lists_orphan_know_how(monkeypatch, tmp_path: Path) -> None:
    from legs import corpus
    from legs.content.settings import Settings
    from legs.pages import steering as steering_pages

    loaded = corpus.load(Settings.load(ROOT), today=TODAY)
    before = steering_pages.risk_page(loaded).content
    census_file = tmp_path / "recensement.yml"
    census_file.write_text(GOOD_YAML.replace("id: cmorel", "id: jbertin").replace("[redaction-dce]\n    disponibilites",
                                                                                  "[dossiers-retraite, redaction-dce]\n    depart_prevu: 2027-03\n    disponibilites", 1),
                           encoding="utf-8")
    monkeypatch.setenv("LEGS_RECENSEMENT", str(census_file))
    after = steering_pages.risk_page(loaded).content
    # jbertin has no departure in the registry: the census's horizon is used, and says so.
    assert "03/2027 (recensement)" in after and "(recensement)" not in before
    section = after.split("## Savoirs critiques sans apprenant")[1]
    assert "| Constituer les dossiers de retraite | Ressources humaines et paie | critique | 1 |" in section
    assert "Rédiger un dossier de consultation" not in section  # a learner asks for it
    assert "jbertin" not in section and "Julie" not in after


def test_the_bench_times_matching_500_passeurs_and_500_learners() -> None:
    """The figure is measured and printed by `legs bench`, not judged here (no timed test)."""
    from legs.cli import bench

    assert bench.matching_time(500, 500) > 0
