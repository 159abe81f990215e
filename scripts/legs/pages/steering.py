"""Pages for finding who knows and for steering the scheme: « Qui sait faire ? »,
indicators and the knowledge-loss risk map (internal build only)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterator

from ..corpus import attribution, tracking_file
from ..pairs import census as census_module
from ..pairs import census_path, register, register_path, threshold
from ..steering import figures, risk, tracking
from ..text.markup import html_list, html_table, html_text, md
from .common import LISTING_META, GeneratedPage, front_matter, group_by, page_link, record_item, referents_label

if TYPE_CHECKING:
    from ..corpus import Corpus



def who_knows_page(corpus: Corpus) -> GeneratedPage:
    uri = "index/qui-sait-faire.md"
    built = corpus.built_records()
    lines = ["# Qui sait faire ?", "",
             "Pour chaque compétence : les fiches legs qui la transmettent, les cercles où elle se "
             "travaille et les personnes référentes legs à qui s'adresser.", ""]
    by_competence = group_by(built, lambda r: r.competences)
    by_domain = group_by(corpus.circles.values(), lambda c: [c.domain])
    for competence in sorted(corpus.vocab.competences.values(), key=lambda c: (c.domain.label, c.label)):
        records = by_competence.get(competence.id, [])
        circles = sorted({r.circle_id for r in records} | {c.id for c in by_domain.get(competence.domain.id, [])})
        lines += [f"## {md(competence.label)} {{#{competence.id}}}", "", f"*Domaine :* {md(competence.domain.label)}", ""]
        items = ["Fiche : " + record_item(uri, r, html_text(attribution.author_label(corpus, r))) for r in records]
        for circle_id in circles:
            circle = corpus.circles[circle_id]
            items.append(f"Cercle : {page_link(uri, circle.src_uri, circle.title)} — "
                         f"à qui s'adresser : {referents_label(corpus, circle, as_html=True)}")
        lines += html_list(items or ["Aucune fiche ni aucun cercle pour l'instant : un savoir à recueillir."])
        lines.append("")
    return GeneratedPage(uri, front_matter(LISTING_META) + "\n".join(lines), "listing", nav_after="index/competences.md")


def indicators_page(corpus: Corpus) -> tuple[GeneratedPage, list]:
    uri = "pilotage/indicateurs.md"
    periods, problems = tracking_file.load_periods(corpus, corpus.settings.competences_dir / tracking_file.SUIVI_FILE)
    lines = ["# Indicateurs", "",
             "Ces indicateurs aident à rendre compte du dispositif aux décideurs. Ceux du contenu "
             "sont recalculés à chaque construction du site ; ceux du dispositif viennent du fichier "
             f"de suivi `competences/{tracking_file.SUIVI_FILE}`, saisi par la coordination RH (chiffres agrégés, "
             "sans donnée personnelle).", "", "## Le contenu", "",
             "| Indicateur | Valeur | Mode de calcul |", "| --- | --- | --- |"]
    lines += [f"| {name} | **{value}** | {how} |" for name, value, how in tracking.content_indicators(corpus)]
    lines += ["", "## Le dispositif, période par période", ""]
    if periods:
        lines += figures.period_figures(periods)
        lines += figures.careers_figures(periods)
        lines += ["### Retours qualitatifs", ""]
        lines += [f"- **{md(p.label)}** : {md(p.feedback)}" for p in periods if p.feedback]
    else:
        lines.append(f"Aucune donnée de suivi : remplissez `competences/{tracking_file.SUIVI_FILE}`.")
    pair_lines, pair_problems = pairs_section(corpus)
    lines += pair_lines
    problems = problems + pair_problems
    lines += ["", "## Exporter le catalogue", "",
              "Le catalogue des fiches publiées, pour les outils RH : [au format CSV](../exports/fiches.csv) "
              "(tableur, séparateur point-virgule) ou [au format JSON](../exports/fiches.json).", ""]
    return GeneratedPage(uri, front_matter(LISTING_META) + "\n".join(lines), "listing"), problems


def pairs_section(corpus: Corpus) -> tuple[list[str], list]:
    """Pair figures computed from the private register, if there is one: aggregated, never below the threshold."""
    path = register_path(corpus.settings.root)
    if not os.path.lexists(path):
        return [], []
    pairs, problems = register.load(path, corpus.rel(path), corpus.settings.root, corpus.today)
    if problems:
        return [], problems
    n = threshold()
    lines = ["", "## Les binômes, calculés depuis le registre", "",
             "Ces chiffres sont calculés à chaque construction à partir du registre des binômes, tenu par la "
             "coordination RH hors du site (il contient des données personnelles et n'est jamais publié). "
             f"Seuls des totaux sont publiés, et **aucun chiffre tiré de moins de {n} personnes** : il est alors "
             f"remplacé par « moins de {n} », pour que personne ne puisse être reconnu.", "",
             "| Indicateur | Valeur | Mode de calcul |", "| --- | --- | --- |"]
    lines += [f"| {md(f.label)} | **{md(f.value)}** | {md(f.how)} |" for f in register.indicators(pairs, n)]
    return lines, []


def _census(corpus: Corpus) -> tuple[census_module.Census | None, int]:
    """The census of volunteers, if there is one, and how many errors keep it from being used."""
    path = census_path(corpus.settings.root)
    if not os.path.lexists(path):
        return None, 0
    people = corpus.registry.people if os.path.lexists(corpus.settings.people_file) else None
    found, problems = census_module.load(path, corpus.rel(path), corpus.settings.root, corpus.vocab.competences, people)
    return found, len(problems)


def risk_page(corpus: Corpus) -> GeneratedPage:
    uri = "pilotage/risques.md"
    census, census_errors = _census(corpus)
    departures = {p.id: p.departure for p in census.passeurs if p.departure} if census else {}
    risks = risk.record_risks(corpus, departures)
    competences = risk.competence_risks(corpus, risks)
    alerts = [r for r in risks if r.alert]
    lines = ["# Carte des risques de perte de savoir", "",
             "Page interne, absente du site public : elle utilise les dates de départ prévues du registre des personnes "
             "ou, à défaut, l'horizon de départ donné dans le recensement des volontaires (marqué « recensement »).", "",
             "## La méthode", "",
             "Le score de chaque fiche multiplie deux facteurs notés de 1 à 5, comme dans les évaluations "
             "du risque de perte de connaissances des grandes organisations (celle de l'AIEA notamment) :", "",
             "- le **facteur de poste** : la criticité (faible 1, moyenne 2, forte 3, critique 4) et la rareté "
             "(courante 1, peu courante 2, rare 3, unique 4) sont additionnées, puis ramenées de 1 à 5 ;",
             "- le **facteur de départ** : 5 si le passeur ou la passeuse part dans les 12 mois, 4 dans les "
             "24 mois, 3 dans les 36 mois, 2 dans les 60 mois, 1 au-delà.", "",
             "Si la date de départ manque (ni le registre des personnes ni le recensement ne la donnent), le "
             "facteur de départ vaut 1, sauf pour un savoir de facteur de poste 4 ou 5 (critique et rare) : "
             "un départ dans l'année rendrait son risque élevé, son niveau est donc **inconnu** tant que la "
             "date n'est pas renseignée.", "",
             "| Score (poste × départ) | Niveau | Ce qu'il faut faire |", "| --- | --- | --- |",
             "| 16 à 25 | élevé | organiser la transmission sans attendre (binôme, successeur désigné) |",
             "| date de départ manquante, poste 4 ou 5 | inconnu | demander la date de départ prévue, puis agir selon le niveau |",
             "| 9 à 15 | moyen | planifier la transmission dans l'année |",
             "| 1 à 8 | faible | garder la fiche à jour |", "",
             "Une **alerte** signale un savoir de criticité forte ou critique dont le détenteur part dans "
             "les 12 mois sans successeur désigné.", ""]
    lines += ["## Alertes", ""]
    lines += (html_list(record_item(uri, r.record, f"départ prévu dans moins d'un an, aucun successeur (score {r.total})")
                        for r in alerts) if alerts else ["Aucune alerte."])
    unknown = [r for r in risks if r.unknown]
    if unknown:
        lines += ["", "Dates de départ à demander (niveau inconnu) :", ""]
        lines += html_list(record_item(uri, r.record, "savoir critique et rare, date de départ du détenteur non renseignée")
                           for r in unknown)
    lines += ["", "## Matrice", "", *figures.risk_figure(risks), "## Fiches, de la plus à la moins exposée", ""]
    lines += html_table(["Fiche", "Criticité, rareté", "Départ prévu", "Poste × départ", "Score", "Niveau"],
                        _risk_rows(corpus, uri, risks))
    lines += ["", "## Compétences", "", "Le score d'une compétence est celui de sa fiche la plus exposée.", "",
              "| Compétence | Domaine | Fiches | Score | Niveau |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {md(c.label)} | {md(c.domain)} | {len(c.records)} | {c.total or '—'} | {c.level}{' ⚠ alerte' if c.alert else ''} |"
              for c in competences]
    if census is None and census_errors:
        lines += ["", "## Savoirs critiques sans apprenant", "",
                  f"Le recensement des volontaires contient {census_errors} erreur(s) : il n'est pas utilisé. "
                  "Lancez « legs apparier » pour les voir et les corriger."]
    elif census is not None:
        lines += ["", "## Savoirs critiques sans apprenant", ""]
        held: dict[str, int] = {}
        for p in census.passeurs:
            for c in p.competences:
                held[c] = held.get(c, 0) + 1
        orphans = risk.orphan_know_how(corpus, held, {c for v in census.learners for c in v.competences})
        lines += ["Compétences de criticité forte ou critique qu'au moins un passeur volontaire peut transmettre, "
                  "mais qu'aucun apprenant du recensement ne demande : un successeur est à chercher.", ""]
        if orphans:
            lines += ["| Compétence | Domaine | Criticité la plus forte | Passeurs volontaires |", "| --- | --- | --- | --- |"]
            lines += [f"| {md(o.label)} | {md(o.domain)} | {md(o.criticality)} | {o.passeurs} |" for o in orphans]
        else:
            lines.append("Aucune : chaque savoir critique proposé par un passeur a au moins un apprenant.")
    return GeneratedPage(uri, front_matter(LISTING_META) + "\n".join(lines), "listing", nav_after="pilotage/indicateurs.md")


def _risk_rows(corpus: Corpus, uri: str, risks) -> Iterator[list[str]]:
    for r in risks:
        departure = (r.departure.strftime("%m/%Y") + (" (recensement)" if r.from_census else "")) if r.departure else "non renseigné"
        factors, score = (f"{r.position} × ?", "—") if r.unknown else (f"{r.position} × {r.attrition}", f"<strong>{r.total}</strong>")
        yield [page_link(uri, r.record.src_uri, r.record.title),
               html_text(f"{r.record.criticality}, {r.record.rarity}"), departure, factors, score,
               f"{r.level}{' ⚠ alerte' if r.alert else ''}"]


def steering_pages(corpus: Corpus) -> tuple[list[GeneratedPage], list]:
    indicators, problems = indicators_page(corpus)
    pages = [who_knows_page(corpus), indicators]
    if corpus.settings.profile == "interne":
        pages.append(risk_page(corpus))
    return pages, problems


def export_files(corpus: Corpus) -> dict[str, str]:
    return {"exports/fiches.json": tracking.catalogue_json(corpus), "exports/fiches.csv": tracking.catalogue_csv(corpus)}
