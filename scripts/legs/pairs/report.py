"""Proposed pairs for the committee: a terminal table, an A4 PDF and a spreadsheet (CSV).

Every value comes from the census, a private file anyone may have typed into: it is made
safe for its output (`formatters.printable` for the terminal, `markup.html` for the PDF,
`markup.csv_text` for the spreadsheet).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

from ..text.formatters import printable
from ..text.french import french_date
from ..text.markup import csv_text, html
from .census import Volunteer
from .matching import CRITERIA, MAX_POINTS, Proposal, fr_number

WIDTH = 100
Name = Callable[[Volunteer], str]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def terminal(proposal: Proposal, name: Name, label: Callable[[str], str]) -> str:
    """The proposals as a table readable at 100 columns, then each one explained."""
    w = proposal.weights
    out = textwrap.wrap(f"Binômes proposés : {len(proposal.pairs)} (score total {fr_number(proposal.total)}), "
                        f"{len(proposal.unpaired_learners)} apprenant(s) et {len(proposal.unpaired_passeurs)} passeur(s) "
                        "sans binôme.", WIDTH)
    out += textwrap.wrap("Poids : " + ", ".join(f"{lab.lower()} {fr_number(w.values[key])}" for key, lab, _ in CRITERIA)
                         + f" ; distance maximale {fr_number(w.distance_max_km, 0)} km ; score maximal {fr_number(w.max_total)}.",
                         WIDTH) + [""]
    widths = (3, 24, 24, 6, 35)  # 100 columns with the separators
    head = ("N°", "Apprenant ou apprenante", "Passeur ou passeuse", "Score", "Compétences transmises")
    out.append("  ".join(h.ljust(n) for h, n in zip(head, widths)).rstrip())
    out.append("  ".join("-" * n for n in widths))
    for number, pair in enumerate(proposal.pairs, 1):
        cells = (str(number), printable(name(pair.learner)), printable(name(pair.passeur)), fr_number(pair.total),
                 printable(", ".join(label(c) for c in pair.shared)))
        out.append("  ".join(_cut(c, n).ljust(n) for c, n in zip(cells, widths)).rstrip())
    if not proposal.pairs:
        out.append("(aucun binôme possible)")
    for number, pair in enumerate(proposal.pairs, 1):
        out += ["", f"{number}. {printable(name(pair.learner))} avec {printable(name(pair.passeur))} : "
                    f"score {fr_number(pair.total)} sur {fr_number(w.max_total)}"]
        for c in pair.criteria:
            line = (f"   - {c.label} : {fr_number(c.points)} point(s) × poids {fr_number(c.weight)} = "
                    f"{fr_number(c.contribution)} — {printable(c.detail)}")
            out += textwrap.wrap(line, WIDTH, subsequent_indent="     ")
    for title, lonely in (("Apprenants et apprenantes sans binôme", proposal.unpaired_learners),
                          ("Passeurs et passeuses sans binôme", proposal.unpaired_passeurs)):
        if lonely:
            out += ["", f"{title} :"]
            for item in lonely:
                out += textwrap.wrap(f"   - {printable(name(item.volunteer))} : {printable(item.reason)}", WIDTH,
                                     subsequent_indent="     ")
    return "\n".join(out)


CSV_FIELDS = ("numero", "apprenant", "passeur", "score", "score_max", *[key for key, _, _ in CRITERIA],
              "competences_transmises", "explication", "decision_du_comite", "remarques")


def spreadsheet(proposal: Proposal, name: Name, label: Callable[[str], str]) -> str:
    """The proposals for the committee to edit (LibreOffice Calc): one row per pair or per volunteer left alone."""
    rows = []
    for number, pair in enumerate(proposal.pairs, 1):
        rows.append({
            "numero": number, "apprenant": name(pair.learner), "passeur": name(pair.passeur),
            "score": fr_number(pair.total), "score_max": fr_number(proposal.weights.max_total),
            **{c.key: fr_number(c.contribution) for c in pair.criteria},
            "competences_transmises": ", ".join(label(c) for c in pair.shared),
            "explication": " | ".join(f"{c.label} : {c.detail}" for c in pair.criteria),
            "decision_du_comite": "", "remarques": "",
        })
    for item in proposal.unpaired_learners:
        rows.append({"apprenant": name(item.volunteer), "explication": "sans binôme : " + item.reason})
    for item in proposal.unpaired_passeurs:
        rows.append({"passeur": name(item.volunteer), "explication": "sans binôme : " + item.reason})
    return csv_text(CSV_FIELDS, rows)


def pdf_body(proposal: Proposal, name: Name, label: Callable[[str], str], census_label: str) -> str:
    w = proposal.weights
    weights = "".join(f"<tr><td>{html(lab)}</td><td class='n'>{fr_number(w.values[key])}</td><td>{html(how)}</td></tr>"
                      for key, lab, how in CRITERIA)
    summary = "".join(
        f"<tr><td class='n'>{n}</td><td>{html(name(p.learner))}</td><td>{html(name(p.passeur))}</td>"
        f"<td class='n'>{fr_number(p.total)}</td><td>{html(', '.join(label(c) for c in p.shared))}</td>"
        "<td class='decision'>☐ retenu<br>☐ écarté</td></tr>"
        for n, p in enumerate(proposal.pairs, 1)) or "<tr><td colspan='6'>Aucun binôme possible.</td></tr>"
    details = []
    for n, p in enumerate(proposal.pairs, 1):
        rows = "".join(f"<tr><td>{html(c.label)}</td><td class='n'>{fr_number(c.points)}</td><td class='n'>{fr_number(c.weight)}</td>"
                       f"<td class='n'>{fr_number(c.contribution)}</td><td>{html(c.detail)}</td></tr>" for c in p.criteria)
        details.append(f"<section class='binome'><h3>{n}. {html(name(p.learner))} avec {html(name(p.passeur))} — "
                       f"score {fr_number(p.total)} sur {fr_number(w.max_total)}</h3>"
                       "<table><thead><tr><th>Critère</th><th>Points (0 à 2)</th><th>Poids</th><th>Apport</th><th>Pourquoi</th>"
                       f"</tr></thead><tbody>{rows}</tbody></table></section>")
    lonely = []
    for title, items in (("Apprenants et apprenantes sans binôme", proposal.unpaired_learners), ("Passeurs et passeuses sans binôme", proposal.unpaired_passeurs)):
        if items:
            lonely.append(f"<h2>{title}</h2><ul>" + "".join(
                f"<li><strong>{html(name(i.volunteer))}</strong> : {html(i.reason)}</li>" for i in items) + "</ul>")
    return (
        "<header class='grille-titre'><p class='grille-surtitre'>Legs de compétences · constitution des binômes</p>"
        "<h1>Binômes proposés au comité</h1></header>"
        f"<p class='meta'>Document de travail confidentiel : données personnelles du recensement ({html(census_label)}), "
        f"à ne pas diffuser. Établi le {html(french_date(proposal.today))}.</p>"
        f"<p>{len(proposal.pairs)} binôme(s) proposé(s), score total {fr_number(proposal.total)} ; "
        f"{len(proposal.unpaired_learners)} personne(s) apprenante(s) et {len(proposal.unpaired_passeurs)} passeur(s) ou passeuse(s) sans binôme. "
        "La proposition est celle dont la somme des scores est la plus grande ; un binôme qui ne remplit pas toutes les "
        "conditions obligatoires (accord des deux N+1, aucun lien hiérarchique direct, au moins un besoin couvert, un jour "
        f"commun, au plus {fr_number(w.distance_max_km, 0)} km entre les sites) n'est jamais proposé.</p>"
        "<h2>Propositions</h2><table class='propositions'><thead><tr><th>N°</th><th>Apprenant ou apprenante</th><th>Passeur ou passeuse</th>"
        f"<th>Score</th><th>Compétences transmises</th><th>Décision</th></tr></thead><tbody>{summary}</tbody></table>"
        "<h2>Critères et poids</h2><p>Chaque critère de la grille « Critères d'appariement des binômes » est noté de 0 à "
        f"{fr_number(MAX_POINTS)}, puis multiplié par son poids (score maximal : {fr_number(w.max_total)}).</p>"
        f"<table><thead><tr><th>Critère</th><th>Poids</th><th>Points</th></tr></thead><tbody>{weights}</tbody></table>"
        "<h2>Le détail de chaque proposition</h2>" + "".join(details) + "".join(lonely)
        + "<h2>Décision du comité</h2><p class='lignes'>Date : ______________ Signatures : </p>")


def write_pdf(proposal: Proposal, name: Name, label: Callable[[str], str], census_label: str, target: Path) -> Path:
    from ..printing import pdf

    body = pdf_body(proposal, name, label, census_label)
    return pdf.render(pdf.page("Binômes proposés au comité", body), ("grille.css", "binomes.css"), target)


def namers(competences, registry) -> tuple[Name, Callable[[str], str]]:
    """How the reports name a volunteer (their census name, else the registry's while they accept) and a competence."""

    def name(volunteer: Volunteer) -> str:
        person = registry.visible(volunteer.id)
        return volunteer.name or (person.name if person else volunteer.id)

    def label(competence: str) -> str:
        return competences[competence].label if competence in competences else competence

    return name, label


def write_committee_files(proposal: Proposal, name: Name, label: Callable[[str], str], census_label: str,
                          out: Path) -> tuple[Path, Path]:
    """The A4 PDF to print and the spreadsheet to complete, for the committee that decides."""
    out.mkdir(parents=True, exist_ok=True)
    pdf = write_pdf(proposal, name, label, census_label, out / "binomes-proposes.pdf")
    sheet = out / "binomes-proposes.csv"
    sheet.write_text(spreadsheet(proposal, name, label), encoding="utf-8")
    return pdf, sheet
