"""« Proposer une fiche »: a form on the static site that produces a valid record file.

The form is generated here from the vocabularies and the record schema, so its choices and
limits never drift from what the validator accepts; docs/assets/javascripts/proposer.js
checks the answers in the browser and writes the file. No server is involved.
"""

from __future__ import annotations

import json

from ..content.model import CRITICALITY, RARITY, SECTIONS, VERSANTS
from ..corpus import Corpus
from ..rules.body import SECTION_HINTS
from ..rules.export import form_rules
from ..rules.front_matter import schema
from ..text.markup import html as escape
from ..text.markup import http_url, json_for_html
from .common import GeneratedPage, front_matter

FORGES = ("github", "gitea", "gitlab", "aucune")
CRITICALITY_HELP = {"faible": "le service s'en passerait quelque temps", "moyenne": "son absence ralentit le service",
                    "forte": "son absence met le service en difficulté", "critique": "sans lui, le service s'arrête ou prend un risque"}
RARITY_HELP = {"courante": "beaucoup d'agents le détiennent", "peu courante": "quelques agents le détiennent",
               "rare": "deux ou trois personnes le détiennent", "unique": "une seule personne le détient"}


def forge_settings(config_extra: dict, repo_url: str) -> dict:
    """Which forge receives the proposals: from `extra.forge` in mkdocs.yml and `repo_url`."""
    forge = dict(config_extra.get("forge") or {})
    kind = str(forge.get("type") or "aucune").lower()
    # The form's script builds a link from this address: only http(s), never javascript: or data:.
    url = http_url(repo_url or "").rstrip("/")
    if kind not in FORGES or not url:
        kind = "aucune"
    return {"type": kind, "url": url, "branche": str(forge.get("branche") or "main")}


def _limits(key: str) -> dict:
    spec = schema("fiche")["properties"][key]
    return {k: spec[k] for k in ("minLength", "maxLength", "minItems", "maxItems") if k in spec}


def _help(field_id: str, text: str) -> str:
    return f'<p class="legs-aide" id="{field_id}-aide">{escape(text)}</p>'


def _error_slot(field_id: str) -> str:
    return f'<p class="legs-erreur" id="{field_id}-erreur" hidden></p>'


def _text_field(field_id: str, label: str, help_text: str, required: bool = True, limits: dict | None = None,
                kind: str = "text") -> str:
    limits = limits or {}
    # No maxlength: the browser would cut a pasted text without a word; the script says how long it is.
    if "maxLength" in limits:
        help_text += f" De {limits.get('minLength', 1)} à {limits['maxLength']} caractères."
    mark = " (obligatoire)" if required else " (facultatif)"
    return (f'<div class="legs-champ"><label for="{field_id}">{escape(label)}{mark}</label>{_help(field_id, help_text)}'
            f'{_error_slot(field_id)}<input type="{kind}" id="{field_id}" name="{field_id}"'
            f'{" required" if required else ""} aria-describedby="{field_id}-aide {field_id}-erreur"></div>')


def _select(field_id: str, label: str, help_text: str, options: list[tuple[str, str]]) -> str:
    choices = '<option value="">— Choisir —</option>' + "".join(
        f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options)
    return (f'<div class="legs-champ"><label for="{field_id}">{escape(label)} (obligatoire)</label>{_help(field_id, help_text)}'
            f'{_error_slot(field_id)}<select id="{field_id}" name="{field_id}" required aria-describedby="{field_id}-aide {field_id}-erreur">'
            f'{choices}</select></div>')


def _choices(field_id: str, legend: str, help_text: str, options: list[tuple[str, str]], kind: str, limits: str = "") -> str:
    items = "".join(
        f'<div class="legs-choix"><input type="{kind}" id="{field_id}-{i}" name="{field_id}" value="{escape(value)}">'
        f'<label for="{field_id}-{i}">{escape(text)}</label></div>' for i, (value, text) in enumerate(options))
    return (f'<fieldset class="legs-champ" id="{field_id}" aria-describedby="{field_id}-aide {field_id}-erreur"{limits}>'
            f'<legend>{escape(legend)} (obligatoire)</legend>{_help(field_id, help_text)}{_error_slot(field_id)}{items}</fieldset>')


def form_html(corpus: Corpus, forge: dict) -> str:
    vocab = corpus.vocab
    competences = _limits("competences")
    how_many = f"Cochez de {competences.get('minItems', 1)} à {competences.get('maxItems', 5)} compétences du référentiel."
    groups = []
    for domain in sorted(vocab.domains.values(), key=lambda d: d.label):
        options = [(c.id, c.label) for c in vocab.competences.values() if c.domain.id == domain.id]
        groups.append(f'<p class="legs-groupe">{escape(domain.label)}</p>' + "".join(
            f'<div class="legs-choix"><input type="checkbox" id="competences-{escape(c)}" name="competences" value="{escape(c)}">'
            f'<label for="competences-{escape(c)}">{escape(text)}</label></div>' for c, text in options))
    sections = "".join(
        f'<div class="legs-champ"><label for="section-{i}">{escape(title)} (obligatoire)</label>'
        f'{_help(f"section-{i}", SECTION_HINTS[title][0].upper() + SECTION_HINTS[title][1:] + ".")}{_error_slot(f"section-{i}")}'
        f'<textarea id="section-{i}" name="section-{i}" rows="6" required data-section="{escape(title)}" '
        f'aria-describedby="section-{i}-aide section-{i}-erreur"></textarea></div>' for i, title in enumerate(SECTIONS))
    return "\n".join([
        # The validator's rules, read by proposer.js: JSON escaped for a script element.
        f'<script type="application/json" id="legs-regles">{json_for_html(form_rules(corpus))}</script>',
        _reopen_html(),
        f'<form id="legs-proposer" class="legs-formulaire" novalidate data-forge="{escape(json.dumps(forge))}">',
        '<div class="legs-resume-erreurs" id="legs-erreurs" tabindex="-1" role="alert" hidden></div>',
        '<h2 id="etape-identite">1. La fiche et son auteur</h2>',
        _select("cercle", "Cercle de compétences", "Le cercle dont la personne référente relira la fiche.",
                [(c.id, c.title) for c in sorted(corpus.circles.values(), key=lambda c: c.title)]),
        _text_field("titre", "Titre", "Une action, par exemple « Préparer le versement annuel aux archives ».", limits=_limits("titre")),
        _text_field("resume", "Résumé", "Une seule phrase qui dit ce que la fiche permet de faire.", limits=_limits("resume")),
        _text_field("auteur", "Votre identifiant", "Votre identifiant dans le registre des personnes (par exemple « cmorel ») : "
                    "la personne référente de votre cercle vous le donne. Votre nom n'est jamais écrit dans la fiche."),
        _select("metier", "Métier", "Votre métier dans le référentiel des métiers.",
                [(o.id, o.label) for o in sorted(vocab.occupations.values(), key=lambda o: o.label)]),
        _choices("versant", "Versant", "Le versant de la fonction publique de votre organisation.",
                 [(v, v if v == "État" else v.capitalize()) for v in VERSANTS], "radio"),
        _select("organisation", "Organisation", "Votre organisation.",
                [(o.id, o.label) for o in sorted(vocab.organisations.values(), key=lambda o: o.label)]),
        _text_field("service", "Service", "Votre service, en clair.", required=False),
        '<h2 id="etape-savoir">2. Le savoir transmis</h2>',
        f'<fieldset class="legs-champ" id="competences" aria-describedby="competences-aide competences-erreur">'
        f'<legend>Compétences (obligatoire)</legend>'
        f'{_help("competences", how_many)}'
        f'{_error_slot("competences")}{"".join(groups)}</fieldset>',
        _choices("types_savoir", "Nature du savoir", "Savoir : des connaissances ; savoir-faire : des gestes et des "
                 "méthodes ; savoir-être : une manière d'agir avec les autres.",
                 [("savoir", "Savoir"), ("savoir-faire", "Savoir-faire"), ("savoir-être", "Savoir-être")], "checkbox"),
        _select("criticite", "Criticité", "À quel point le service dépend de ce savoir.",
                [(c, f"{c.capitalize()} : {CRITICALITY_HELP[c]}") for c in CRITICALITY]),
        _select("rarete", "Rareté", "Combien de personnes détiennent ce savoir.",
                [(r, f"{r.capitalize()} : {RARITY_HELP[r]}") for r in RARITY]),
        _choices("visibilite", "Visibilité", "Publique : visible aussi sur le site public ; interne : seulement sur "
                 "le site interne de votre organisation.", [("publique", "Publique"), ("interne", "Interne")], "radio"),
        _text_field("date_creation", "Date de création", "La date où la fiche a été commencée, au format "
                    "AAAA-MM-JJ (par exemple 2026-03-12) ; aujourd'hui par défaut."),
        _text_field("successeurs", "Successeurs", "Les identifiants des personnes qui reprennent ce savoir, séparés par "
                    "des virgules.", required=False),
        '<h2 id="etape-texte">3. Le texte de la fiche</h2>',
        '<p>Écrivez simplement, comme si vous expliquiez à un collègue. Pas de balise HTML ni de lien vers '
        'un autre site ; citez les personnes par leur identifiant précédé de @ (par exemple @aleroux).</p>',
        sections,
        _leftover_html(),
        '<button type="submit" class="md-button md-button--primary">Vérifier et produire la fiche</button>',
        '</form>',
        '<section id="legs-resultat" class="legs-resultat" tabindex="-1" hidden aria-labelledby="legs-resultat-titre">',
        '<h2 id="legs-resultat-titre">Votre fiche est prête</h2>',
        '<p>Nom du fichier : <code id="legs-chemin"></code></p>',
        '<p class="legs-actions"><button type="button" id="legs-telecharger" class="md-button md-button--primary">Télécharger le fichier</button> '
        '<a id="legs-forge" class="md-button" hidden target="_blank" rel="noopener">Proposer sur la forge</a> '
        '<button type="button" id="legs-copier" class="md-button" hidden>Copier le texte et ouvrir la forge</button></p>',
        '<p id="legs-explication"></p>',
        '<details><summary>Voir le texte de la fiche</summary><pre id="legs-apercu"></pre></details>',
        '</section>',
    ])


def _reopen_html() -> str:
    """Reopen a record: paste its text or pick its file, read in the browser and never sent."""
    return "\n".join([
        # Material's admonition classes: a framed notice without a style sheet of our own. They
        # set `display`, which would override `hidden`: the outer element is the one hidden.
        '<div class="legs-brouillon" id="legs-brouillon" role="status" hidden><div class="admonition info">'
        '<p class="admonition-title">Brouillon</p><p id="legs-brouillon-texte"></p>'
        '<p><button type="button" id="legs-brouillon-effacer" class="md-button">Effacer le brouillon et repartir de zéro</button></p></div></div>',
        '<details class="legs-reprendre" id="legs-reprendre"><summary>Reprendre une fiche existante</summary>',
        '<p>Collez le texte d\'une fiche, ou choisissez son fichier <code>.md</code> : le formulaire se remplit avec son '
        'contenu. Le fichier est lu par votre navigateur, il n\'est envoyé nulle part.</p>',
        '<p><label for="legs-reprise-fichier">Fichier de la fiche (.md)</label><br>'
        '<input type="file" id="legs-reprise-fichier" accept=".md,.markdown,.txt,text/markdown,text/plain"></p>',
        '<p><label for="legs-reprise-texte">Ou texte de la fiche, collé ici</label><br>'
        '<textarea id="legs-reprise-texte" rows="6"></textarea></p>',
        '<p><button type="button" id="legs-reprise-bouton" class="md-button">Remplir le formulaire avec ce texte</button> '
        # The button's class sets `display`, which would override `hidden`: its wrapper is hidden.
        '<span id="legs-reprise-annuler-bloc" hidden><button type="button" id="legs-reprise-annuler" class="md-button">'
        'Revenir au texte d\'avant la reprise</button></span></p>',
        '<div id="legs-reprise-bilan" role="status" tabindex="-1"></div>',
        '</details>',
    ])


def _leftover_html() -> str:
    """What a reopened record held that fits no field: kept here, never dropped."""
    return ('<div class="legs-champ" id="autres-bloc" hidden><label for="autres">Texte à replacer</label>'
            + _help("autres", "Ce texte de la fiche reprise ne correspond à aucun champ : déplacez-le dans la bonne "
                    "section (ou supprimez-le s'il est inutile), puis videz cette zone.")
            + _error_slot("autres")
            + '<textarea id="autres" name="autres" rows="6" aria-describedby="autres-aide autres-erreur"></textarea></div>')


def form_page(corpus: Corpus, forge: dict) -> GeneratedPage:
    intro = ("# Proposer une fiche legs\n\nRemplissez les champs ci-dessous : le formulaire vérifie vos réponses et "
             "produit le fichier de votre fiche, au statut « brouillon ». Rien n'est envoyé tant que vous ne le "
             "décidez pas, et vos textes sont gardés dans ce navigateur à mesure que vous écrivez : vous pouvez "
             "télécharger le fichier pour l'envoyer à la personne référente de votre cercle"
             + (", ou le proposer directement sur la forge de votre organisation." if forge["type"] != "aucune" else ".") + "\n\n")
    meta = {"render_macros": False, "legs_hors_recherche": True, "template": "legs/proposer.html"}
    return GeneratedPage("contribuer/proposer.md", front_matter(meta) + intro + form_html(corpus, forge), "listing",
                         nav_after="contribuer/index.md")
