"""`legs nouvelle-fiche`: write a new record from answers given as options or at prompts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from . import paths
from .model import SECTIONS
from .rules.body import SECTION_HINTS


@dataclass(frozen=True)
class Question:
    key: str  # front matter key, or the section title
    option: str  # command-line option
    prompt: str
    is_list: bool = False
    optional: bool = False


QUESTIONS = (
    Question("cercle", "--cercle", "Dossier du cercle (par exemple archives)"),
    Question("titre", "--titre", "Titre de la fiche, comme une action (« Préparer… »)"),
    Question("resume", "--resume", "Une phrase qui dit ce que la fiche permet de faire"),
    Question("auteur", "--auteur", "Votre identifiant dans le registre des personnes"),
    Question("metier", "--metier", "Identifiant de votre métier (référentiel des métiers)"),
    Question("versant", "--versant", "Versant : État, territoriale ou hospitalière"),
    Question("organisation", "--organisation", "Identifiant de votre organisation"),
    Question("service", "--service", "Votre service, en clair (facultatif)", optional=True),
    Question("competences", "--competences", "Compétences, séparées par des virgules", is_list=True),
    Question("types_savoir", "--types-savoir", "Nature du savoir : savoir, savoir-faire, savoir-être (virgules)", is_list=True),
    Question("criticite", "--criticite", "Criticité : faible, moyenne, forte ou critique"),
    Question("rarete", "--rarete", "Rareté : courante, peu courante, rare ou unique"),
    Question("visibilite", "--visibilite", "Visibilité : publique ou interne"),
    Question("successeurs", "--successeurs", "Successeurs : identifiants séparés par des virgules (facultatif)", is_list=True, optional=True),
) + tuple(
    Question(section, "--" + slug, f"Section « {section} » : {SECTION_HINTS[section]}")
    for section, slug in zip(SECTIONS, ("contexte", "situations-cles", "pas-a-pas", "pieges-et-astuces", "ressources", "qui-solliciter"))
)


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


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def render(answers: dict[str, str], today: dt.date) -> str:
    """The text of the record: front matter in the documented order, then the six sections."""
    metadata: dict[str, object] = {}
    for question in QUESTIONS:
        if question.key in SECTIONS or question.key == "cercle":
            continue
        value = answers.get(question.key, "").strip()
        if question.key == "visibilite":
            metadata["statut"] = "brouillon"  # review by a référent comes later
            metadata["date_creation"] = today.isoformat()
        if value:
            metadata[question.key] = _split(value) if question.is_list else value
    body = "\n\n".join(f"## {section}\n\n{answers[section].strip()}" for section in SECTIONS)
    return frontmatter.dumps(frontmatter.Post(body, **metadata), sort_keys=False) + "\n"


def target(competences_dir: Path, answers: dict[str, str]) -> Path:
    return competences_dir / answers["cercle"].strip() / f"{slugify(answers['titre'])}.md"
