"""Each answer of `legs nouvelle-fiche` checked as soon as it is given, by the validator's own
rules (schema, vocabularies, registry, texts): the command never has limits of its own."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from ...content import mdscan, strictyaml
from ...content.model import LegacyRecord
from ...content.problems import Problem
from ...corpus import Corpus
from ...rules import body, front_matter, references, security
from . import BY_KEY, Question, circles, section_text, slugify, split, target

RECORD_SCHEMA = "fiche"
# Record fields of each question's key, to check an answer against the vocabularies and the registry.
_FIELDS = {"titre": "title", "resume": "summary", "auteur": "author", "metier": "occupation", "versant": "versant",
           "organisation": "organisation", "service": "service", "competences": "competences",
           "types_savoir": "knowledge_types", "criticite": "criticality", "rarete": "rarity",
           "visibilite": "visibility", "successeurs": "successors"}


@dataclass(frozen=True)
class Choice:
    value: str  # what the record contains
    label: str  # what the contributor reads, and may type
    detail: str = ""  # shown to tell choices apart


class Checker:
    """Choices and checks for one new record, over the content loaded once at the start."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.settings = corpus.settings

    # --- Closed questions -----------------------------------------------------------------

    def choices(self, key: str) -> list[Choice]:
        """The allowed answers, or [] for a question answered in free text."""
        vocab, corpus = self.corpus.vocab, self.corpus
        if key == "cercle":
            return [Choice(c, corpus.circles[c].title if c in corpus.circles else c)
                    for c in circles(self.settings.competences_dir, self.settings.root)]
        if key == "metier":
            return [Choice(o.id, o.label) for o in vocab.occupations.values()]
        if key == "organisation":
            return [Choice(o.id, o.label, o.versant) for o in vocab.organisations.values()]
        if key == "competences":
            return [Choice(c.id, c.label, c.domain.label) for c in vocab.competences.values()]
        if key in ("auteur", "successeurs"):
            # Withdrawn people are not offered: they asked not to be named anywhere.
            return [Choice(p.id, p.name) for p in corpus.registry.people.values() if p.visible]
        prop = front_matter.schema(RECORD_SCHEMA)["properties"].get(key, {})
        allowed = prop.get("enum") or prop.get("items", {}).get("enum") or []
        return [Choice(value, value) for value in allowed]

    def pick(self, question: Question, text: str, choices: list[Choice]) -> tuple[str | None, list[str]]:
        """The answer as the record writes it, from numbers or values (without regard to case nor
        accents), or the reasons it is not one of the choices."""
        wanted = split(text) if question.is_list else [text.strip()]
        picked, refused = [], []
        for answer in wanted:
            found = _match(answer, choices)
            if found is None:
                refused.append(answer)
            else:
                picked.append(found.value)
        if not refused:
            return ", ".join(picked), []
        if question.key == "cercle":
            return None, [self.not_a_circle(refused[0], choices)]
        messages = []
        for answer in refused:
            guess = front_matter.closest(answer, [c.value for c in choices] + [c.label for c in choices])
            hint = f" (vouliez-vous dire « {guess} » ?)" if guess else ""
            messages.append(f"« {answer} » n'est pas dans la liste{hint} : tapez le numéro ou le nom d'un des choix"
                            f" (de 1 à {len(choices)}).")
        return None, messages

    @staticmethod
    def not_a_circle(value: str, choices: list[Choice]) -> str:
        return (f"« {value} » n'est pas un cercle : indiquez le nom du dossier d'un cercle existant, "
                f"parmi : {', '.join(c.value for c in choices) or 'aucun cercle pour l’instant'}. "
                "Un nouveau cercle est ouvert par l'équipe de coordination (dossier et page index.md).")

    # --- Every answer ---------------------------------------------------------------------

    def check(self, key: str, value: str, answers: dict[str, str]) -> list[Problem]:
        """The validator's problems for this answer, given the answers before it."""
        if key == "cercle":
            return []  # a closed list of folders: see pick and not_a_circle
        merged = {**answers, key: value}
        rel = self.settings.rel(target(self.settings.competences_dir, merged)) if merged.get("cercle") and merged.get("titre") \
            else "nouvelle fiche"
        if BY_KEY[key].is_section:
            return self._check_section(rel, key, value, merged)
        return self._check_field(rel, key, value, merged)

    def _check_field(self, rel: str, key: str, value: str, answers: dict[str, str]) -> list[Problem]:
        question = BY_KEY[key]
        typed: object = split(value) if question.is_list else value
        lines = {(key,): 1} | ({(key, i): 1 for i in range(len(typed))} if isinstance(typed, list) else {})
        doc = strictyaml.Document({key: typed}, lines)
        problems = security.check_characters(rel, value)
        problems += [p for p in front_matter.check_schema(rel, doc.data, doc, RECORD_SCHEMA)
                     if p.code != front_matter.MISSING_KEY.code]  # the other keys come later
        problems += body.check_fields(self.corpus, rel, doc)
        problems += self._check_references(rel, key, answers)
        if key == "titre" and answers.get("cercle"):
            problems += self._check_name(rel, answers)
        explained = [p for p in problems if p.code in (references.NAME_FOR_ID.code, references.LABEL_FOR_ID.code)]
        return references.superseded(problems, explained)

    def _check_references(self, rel: str, key: str, answers: dict[str, str]) -> list[Problem]:
        if key not in _FIELDS or key in ("titre", "resume", "service"):
            return []
        # Each key on its own line: the problems of this answer are those of its line.
        lines = {k: n for n, k in enumerate(_FIELDS, start=2)}
        values = {field: "" for field in _FIELDS.values()}
        for k, field in _FIELDS.items():
            if answers.get(k):
                values[field] = split(answers[k]) if BY_KEY[k].is_list else answers[k]
        for field in ("competences", "knowledge_types", "successors"):
            values[field] = values[field] or []
        record = LegacyRecord(id="nouvelle-fiche", circle_id=answers.get("cercle", ""), path=self.settings.root / rel,
                              status="brouillon", reviewer=None, review_date=None, created=None, body="", body_line=1,
                              lines=lines, **values)
        found = references.check_record(self.corpus, record)
        keep = {lines[key]}
        if key in ("versant", "organisation"):
            keep.add(lines["versant"])  # the two must agree (LG309), whichever comes last
        return [replace(p, line=1) for p in found if p.line in keep]

    def _check_name(self, rel: str, answers: dict[str, str]) -> list[Problem]:
        """The file the title names must be new, and its name unique in the repository."""
        path = target(self.settings.competences_dir, answers)
        if os.path.lexists(path):
            found = references.DUPLICATE_ID.at(rel, 1, value=path.stem, other=self.settings.rel(path))
            return [replace(found, message=f"la fiche {self.settings.rel(path)} existe déjà (son nom vient du titre) : "
                                           "choisissez un autre titre.")]
        other = self.corpus.records.get(slugify(answers["titre"]))
        if other is not None:
            return [references.DUPLICATE_ID.at(rel, 1, value=other.id, other=self.settings.rel(other.path))]
        return []

    def _check_section(self, rel: str, section: str, value: str, answers: dict[str, str]) -> list[Problem]:
        text = f"## {section}\n\n{section_text(value)}\n"
        scan = mdscan.scan(text, 1, self.settings.root / "mkdocs.yml")
        src_uri = f"competences/{answers.get('cercle', 'cercle')}/{slugify(answers.get('titre', 'fiche'))}.md"
        problems = security.check_characters(rel, value)
        problems += [p for p in body.check_sections(rel, 1, scan) if p.code != body.MISSING_SECTION.code]
        problems += security.check_body(self.corpus, rel, src_uri, scan)
        problems += body.check_text(self.corpus, rel, scan, text, 1)
        if not scan.too_complex:  # as the validator: links are not read in a text too complex
            problems += body.check_links(self.corpus, rel, src_uri, scan.links, answers.get("visibilite") == "publique")
        return problems


def _match(answer: str, choices: list[Choice]) -> Choice | None:
    if answer.isdigit() and 1 <= int(answer) <= len(choices):
        return choices[int(answer) - 1]
    key = front_matter.fold(answer)
    if not key:
        return None
    for choice in choices:
        if key in (front_matter.fold(choice.value), front_matter.fold(choice.label)):
            return choice
    return None
