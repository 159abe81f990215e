"""The pages the kit generates from the content model, as Markdown sources.

Contributed text (circle and record bodies) is passed through as is and marked untrusted:
the build renders it with raw HTML disabled. Everything else here is generated, and every
contributed string that goes into it (titles, summaries…) is escaped with `markup.md`;
page titles and descriptions travel in the front matter and are escaped where they are
printed (`markup.page_meta`, applied by the plugin).
"""

from __future__ import annotations

import json
from typing import Iterable

from ..content.model import VERSANTS, LegacyRecord
from ..content.problems import Problem
from ..corpus import Corpus, attribution
from ..rules import all_rules
from ..rules.front_matter import schema
from ..text import formatters
from ..text.markup import html_list, html_text, md, one_line
from .common import LISTING_META, GeneratedPage, front_matter, group_by, link, record_item, referents_label

RECORD_TEMPLATE = "legs/fiche.html"
RULES_URI = "contribuer/regles.md"


def record_page(corpus: Corpus, record: LegacyRecord) -> GeneratedPage:
    body = attribution.resolve_mentions(corpus, record.body, record.organisation, md)
    meta = {"title": one_line(record.title), "description": one_line(record.summary),
            "template": RECORD_TEMPLATE, "render_macros": False}
    if not record.published:  # only the preview shows it (`all_pages`): said on the page, left out of the search
        meta.update(legs_brouillon=True, legs_hors_recherche=True)
    return GeneratedPage(record.src_uri, front_matter(meta) + body, "record", record.id, untrusted=True)


def problems_page(corpus: Corpus, record: LegacyRecord, problems: Iterable[Problem]) -> GeneratedPage:
    """What the preview shows at a record's address while its file has errors: the validator's
    messages, where the contributor is looking, instead of a page that never loads."""
    rules = link(record.src_uri, RULES_URI)
    lines = ["# Fiche à corriger", "",
             f"Le fichier {md(corpus.rel(record.path))} contient des erreurs : le site ne montre pas la fiche tant "
             "qu'elles restent. Corrigez-le puis enregistrez-le : cette page se met à jour toute seule.", ""]
    for problem in sorted(formatters.safe(p) for p in problems):
        kind = "" if problem.is_error else " (avertissement)"
        lines.append(f"- Ligne {problem.line} : [{problem.code}]({rules}#{problem.code.lower()}){kind} {md(problem.message)}")
    lines += ["", "Chaque code renvoie à sa règle, avec un exemple correct."]
    meta = {"title": "Fiche à corriger", **LISTING_META}
    return GeneratedPage(record.src_uri, front_matter(meta) + "\n".join(lines), "problems", record.id)


def circle_page(corpus: Corpus, circle_id: str) -> GeneratedPage:
    circle = corpus.circles[circle_id]
    body = attribution.resolve_mentions(corpus, circle.body, None, md)
    meta = {"title": one_line(circle.title), "description": one_line(circle.summary),
            "template": "legs/cercle.html", "render_macros": False}
    return GeneratedPage(circle.src_uri, front_matter(meta) + body, "circle", circle.id,
                         untrusted=True, nav_after="competences/index.md")


def circles_index(corpus: Corpus) -> GeneratedPage:
    uri = "competences/index.md"
    lines = ["# Cercles de compétences", "",
             "Un cercle de compétences réunit, autour d'un domaine de savoir-faire, des agents "
             "qui apprennent à transmettre et des agents qui apprennent. Une personne référente legs "
             "l'anime et relit les fiches legs de ses membres.", ""]
    for circle in sorted(corpus.circles.values(), key=lambda c: c.title):
        count = len(corpus.circle_records(circle.id))
        lines += [f"## [{md(circle.title)}]({link(uri, circle.src_uri)})", "",
                  md(circle.summary), "",
                  f"- **Versants :** {md(', '.join(circle.versants))}",
                  f"- **Personnes référentes :** {referents_label(corpus, circle)}",
                  f"- **Fiches publiées :** {count}", ""]
    return GeneratedPage(uri, front_matter(LISTING_META) + "\n".join(lines), "listing")


def _listing(corpus: Corpus, uri: str, title: str, intro: str,
             groups: Iterable[tuple[str, str, str, list[LegacyRecord]]]) -> GeneratedPage:
    """A page of headings (one per group, with an anchor) each listing its records."""
    lines = [f"# {title}", "", intro, ""]
    for anchor, heading, description, records in groups:
        lines += [f"## {md(heading)} {{#{anchor}}}", ""]
        if description:
            lines += [description, ""]
        lines += (html_list(record_item(uri, r, html_text(r.summary)) for r in records) if records
                  else ["Aucune fiche publiée pour l'instant."])
        lines.append("")
    return GeneratedPage(uri, front_matter(LISTING_META) + "\n".join(lines), "listing")


def competences_index(corpus: Corpus) -> GeneratedPage:
    records = corpus.built_records()
    by_competence = group_by(records, lambda r: r.competences)
    groups = [(c.id, c.label, f"Domaine : {md(c.domain.label)}", by_competence.get(c.id, []))
              for c in sorted(corpus.vocab.competences.values(), key=lambda c: (c.domain.label, c.label))]
    return _listing(corpus, "index/competences.md", "Fiches par compétence",
                    "Chaque compétence du référentiel, avec son domaine et les fiches legs qui la transmettent.", groups)


def occupations_index(corpus: Corpus) -> GeneratedPage:
    by_occupation = group_by(corpus.built_records(), lambda r: [r.occupation])
    groups = [(o.id, o.label, "", by_occupation.get(o.id, []))
              for o in sorted(corpus.vocab.occupations.values(), key=lambda o: o.label)]
    return _listing(corpus, "index/metiers.md", "Fiches par métier", "Les fiches legs rangées par métier.", groups)


def versants_index(corpus: Corpus) -> GeneratedPage:
    by_versant = group_by(corpus.built_records(), lambda r: [r.versant])
    slugs = {"État": "etat", "territoriale": "territoriale", "hospitalière": "hospitaliere"}
    groups = [(slugs[v], f"Fonction publique {'de l’État' if v == 'État' else v}", "", by_versant.get(v, [])) for v in VERSANTS]
    return _listing(corpus, "index/versants.md", "Fiches par versant",
                    "Les trois versants de la fonction publique : État, territoriale et hospitalière.", groups)


def organisations_index(corpus: Corpus) -> GeneratedPage:
    by_organisation = group_by(corpus.built_records(), lambda r: [r.organisation])
    groups = [(o.id, o.label, f"Versant : {md(o.versant)}", by_organisation.get(o.id, []))
              for o in sorted(corpus.vocab.organisations.values(), key=lambda o: o.label)]
    return _listing(corpus, "index/organisations.md", "Fiches par organisation", "Les fiches legs rangées par organisation.", groups)


def schema_files() -> dict[str, str]:
    """The JSON Schema files, published beside the « Modèle de données » page."""
    return {f"contribuer/schemas/{name}.schema.json": json.dumps(schema(name), ensure_ascii=False, indent=2)
            for name in ("fiche", "cercle")}


def all_pages(corpus: Corpus, drafts: bool = False) -> list[GeneratedPage]:
    """Every page generated from the content; with `drafts` (the preview of `legs servir`), also
    the records not yet published, each at its future address, listed nowhere."""
    pages = [circles_index(corpus), competences_index(corpus), occupations_index(corpus),
             versants_index(corpus), organisations_index(corpus)]
    pages += [rules_page(all_rules()), model_page({"fiche": schema("fiche"), "cercle": schema("cercle")})]
    if corpus.settings.profile == "interne":
        pages.append(reviews_page(corpus))
    pages += [circle_page(corpus, circle_id) for circle_id in sorted(corpus.circles)]
    pages += [record_page(corpus, record) for record in corpus.built_records()]
    if drafts:
        public = corpus.settings.profile == "publique"
        pages += [record_page(corpus, record) for record in sorted(corpus.records.values(), key=lambda r: r.src_uri)
                  if not record.published and (record.public or not public)]
    return pages


def rules_page(rules) -> GeneratedPage:
    """« Règles de validation », generated from the rules themselves so it never drifts."""
    uri = RULES_URI
    lines = ["# Règles de validation", "",
             "Chaque fiche, cercle et référentiel est vérifié par la commande `legs valider`, à chaque "
             "proposition et à chaque construction du site. Chaque règle a un code stable, repris dans les "
             "messages : `chemin:ligne: CODE message`. Une **erreur** bloque la publication ; un "
             "**avertissement** la laisse passer mais signale un point à regarder.", "",
             "| Code | Règle | Gravité | S'applique à |", "| --- | --- | --- | --- |"]
    lines += [f"| [{r.code}](#{r.code.lower()}) | {md(r.name)} | {r.severity.value} | {md(r.applies_to)} |" for r in rules]
    lines.append("")
    for r in rules:
        lines += [f"## {r.code} — {md(r.name)} {{#{r.code.lower()}}}", "", md(r.title), "",
                  f"*Gravité :* {r.severity.value}. *S'applique à :* {md(r.applies_to)}.", "",
                  "À éviter :", "", "```text", r.bad, "```", "", "Correct :", "", "```text", r.good, "```", ""]
    return GeneratedPage(uri, front_matter(LISTING_META) + "\n".join(lines), "listing", nav_after="contribuer/index.md")


def _schema_table(schema: dict) -> list[str]:
    required = set(schema.get("required", []))
    lines = ["| Clé | Obligatoire | Valeurs | Description |", "| --- | --- | --- | --- |"]
    for key, spec in schema["properties"].items():
        target = spec
        if "$ref" in spec:
            target = schema["$defs"][spec["$ref"].rsplit("/", 1)[1]]
        values = spec.get("enum") or spec.get("items", {}).get("enum")
        if values:
            shown = ", ".join(f"`{v}`" for v in values)
        elif target.get("pattern", "").startswith("^[0-9]{4}"):
            shown = "date AAAA-MM-JJ"
        elif spec.get("type") == "array" or target.get("type") == "array":
            shown = "liste d'identifiants"
        elif "pattern" in target:
            shown = "identifiant"
        else:
            shown = "texte"
        lines.append(f"| `{key}` | {'oui' if key in required else 'non'} | {shown} | {md(spec.get('description', ''))} |")
    return lines


def model_page(schemas: dict[str, dict]) -> GeneratedPage:
    """The record and circle schemas as tables, with links to the JSON Schema files."""
    uri = "contribuer/modele.md"
    lines = ["# Modèle de données", "",
             "L'en-tête de chaque fiche legs et de chaque page de cercle suit un schéma JSON Schema, "
             "déclaré une seule fois dans le dépôt et utilisé par le validateur. Les tableaux ci-dessous "
             "en sont tirés automatiquement.", ""]
    for name, declared in schemas.items():
        lines += [f"## {md(declared['title'])}", "", md(declared.get("description", "")), "",
                  *_schema_table(declared), "", f"Fichier du schéma : [{name}.schema.json](schemas/{name}.schema.json)", ""]
    return GeneratedPage(uri, front_matter(LISTING_META) + "\n".join(lines), "listing", nav_after="contribuer/index.md")


def reviews_page(corpus: Corpus) -> GeneratedPage:
    """Internal page: the records waiting for a review, by circle, for the référents."""
    uri = "contribuer/relectures.md"
    lines = ["# Fiches en attente de relecture", "",
             "Page interne, absente du site public. Pour chaque cercle, les fiches au statut « brouillon » "
             "ou « relue » et celles dont la dernière relecture a plus de deux ans. La relecture revient "
             "aux personnes référentes du cercle.", ""]
    by_circle = group_by(corpus.records.values(), lambda r: [r.circle_id])
    for circle in sorted(corpus.circles.values(), key=lambda c: c.title):
        records = by_circle.get(circle.id, [])
        waiting = sorted((r for r in records if not r.published), key=lambda r: r.title)
        overdue = [r for r in records if r.published and r.review_overdue(corpus.today)]
        lines += [f"## {md(circle.title)}", "", f"Personnes référentes : {referents_label(corpus, circle)}", ""]
        rows = [f"| {md(r.title)} | {md(attribution.author_label(corpus, r))} | {r.status} | `{md(corpus.rel(r.path))}` |" for r in waiting]
        rows += [f"| {md(r.title)} | {md(attribution.author_label(corpus, r))} | relecture à refaire | `{md(corpus.rel(r.path))}` |" for r in overdue]
        if rows:
            lines += ["| Fiche | Passeur ou passeuse | Statut | Fichier |", "| --- | --- | --- | --- |", *rows, ""]
        else:
            lines += ["Aucune fiche en attente.", ""]
    return GeneratedPage(uri, front_matter(LISTING_META) + "\n".join(lines), "listing", nav_after="contribuer/index.md")
