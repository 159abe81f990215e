"""`legs nouvelle-fiche`: write a new record from answers given as options or at prompts.

This module holds the questions and the text of a record; `checks` checks each answer with
the validator's rules, `drafts` keeps what was typed when the command stops early, and
`session` asks the questions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from ...content import paths
from ...content.model import SECTIONS
from ...rules.body import SECTION_HINTS


@dataclass(frozen=True)
class Question:
    key: str  # front matter key, or the section title
    option: str  # command-line option
    prompt: str
    is_list: bool = False
    optional: bool = False

    @property
    def dest(self) -> str:
        """The attribute argparse gives the option."""
        return self.option[2:].replace("-", "_")

    @property
    def is_section(self) -> bool:
        return self.key in SECTIONS


QUESTIONS = (
    Question("cercle", "--cercle", "Cercle de la fiche (nom de son dossier)"),
    Question("titre", "--titre", "Titre de la fiche, comme une action (« Préparer… »)"),
    Question("resume", "--resume", "Une phrase qui dit ce que la fiche permet de faire"),
    Question("auteur", "--auteur", "Votre identifiant dans le registre des personnes"),
    Question("metier", "--metier", "Votre métier (référentiel des métiers)"),
    Question("versant", "--versant", "Versant de la fonction publique"),
    Question("organisation", "--organisation", "Votre organisation (référentiel des organisations)"),
    Question("service", "--service", "Votre service, en clair (facultatif)", optional=True),
    Question("competences", "--competences", "Compétences ({minItems} à {maxItems}, séparées par des virgules)", is_list=True),
    Question("types_savoir", "--types-savoir", "Nature du savoir (une ou plusieurs, séparées par des virgules)", is_list=True),
    Question("criticite", "--criticite", "Criticité : à quel point le service dépend de ce savoir"),
    Question("rarete", "--rarete", "Rareté : combien de personnes détiennent ce savoir"),
    Question("visibilite", "--visibilite", "Visibilité : interne (site interne seulement) ou publique (aussi sur le site public)"),
    Question("successeurs", "--successeurs", "Personnes qui reprennent ce savoir (facultatif, séparées par des virgules)",
             is_list=True, optional=True),
) + tuple(
    Question(section, "--" + slug, f"Section « {section} » : {SECTION_HINTS[section]}")
    for section, slug in zip(SECTIONS, ("contexte", "situations-cles", "pas-a-pas", "pieges-et-astuces", "ressources", "qui-solliciter"))
)
BY_KEY = {question.key: question for question in QUESTIONS}


def _schema_property(key: str) -> dict:
    from ...rules.front_matter import schema

    return schema("fiche")["properties"].get(key, {})


def prompt(question: Question) -> str:
    """The question, with the record schema's limits (never written twice)."""
    return question.prompt.format(**_schema_property(question.key)) if "{" in question.prompt else question.prompt


def option_help(question: Question) -> str:
    """The question for --help, with the values the schema allows, written exactly."""
    prop = _schema_property(question.key)
    allowed = prop.get("enum") or prop.get("items", {}).get("enum")
    return prompt(question) + (f" ; valeurs : {', '.join(allowed)}" if allowed else "")


def slugify(title: str, limit: int = 60) -> str:
    """The record's file name from its title, following paths.SLUG (« Fiche Été » -> « fiche-ete »)."""
    return paths.slugify(title, limit)


def circles(competences_dir: Path, root: Path) -> list[str]:
    """Existing circles: folders under a safe name, not links, each with a regular index.md."""
    if paths.unsafe(competences_dir, root, want_dir=True) is not None:
        return []
    found = []
    for folder in sorted(competences_dir.iterdir()):
        if paths.is_slug(folder.name) and paths.unsafe(folder / "index.md", root) is None:
            found.append(folder.name)
    return found


def split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def section_text(text: str) -> str:
    """A section as typed: only blank lines before and spaces after are dropped (an indented
    first line may be a code block or a nested list)."""
    return _LEADING_BLANK_LINES.sub("", text).rstrip()


def render(answers: dict[str, str], today: dt.date, partial: bool = False) -> str:
    """The text of the record: front matter in the documented order, then the six sections.

    `partial`: only the answers given so far (a draft), without the status nor the date."""
    metadata: dict[str, object] = {}
    for question in QUESTIONS:
        if question.is_section or question.key == "cercle":
            continue
        value = answers.get(question.key, "").strip()
        if question.key == "visibilite" and not partial:
            metadata["statut"] = "brouillon"  # review by a référent comes later
            metadata["date_creation"] = today.isoformat()
        if value:
            metadata[question.key] = split(value) if question.is_list else value
    sections = [s for s in SECTIONS if not partial or s in answers]
    body = "\n\n".join(f"## {section}\n\n{section_text(answers.get(section, ''))}".rstrip() for section in sections)
    return frontmatter.dumps(frontmatter.Post(body, **metadata), sort_keys=False) + "\n"


def target(competences_dir: Path, answers: dict[str, str]) -> Path:
    return competences_dir / answers["cercle"].strip() / f"{slugify(answers['titre'])}.md"
