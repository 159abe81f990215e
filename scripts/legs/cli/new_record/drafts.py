"""Drafts of `legs nouvelle-fiche`: what was typed, kept when the command stops before the end.

A draft is a record as far as it was answered, in `brouillons/` at the root of the
repository: neither the site nor the validator read that folder. Two lines at the top of its
front matter say so, name the circle, and (`en_cours`) the section that was being typed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from ...content import paths, source, strictyaml
from ...content.model import SECTIONS
from . import BY_KEY, render, slugify

FOLDER = "brouillons"
CIRCLE_KEY, CURRENT_KEY = "cercle", "en_cours"
# Written by the command at the end: not answers.
_GENERATED_KEYS = ("statut", "date_creation")


class DraftError(Exception):
    """A draft that cannot be read back: the message names the file, the line and the fix."""


def text(answers: dict[str, str], today: dt.date, current: str | None, rel: str, complete: bool = False) -> tuple[str, int]:
    """The draft's text, and how many lines it has before the record's own front matter."""
    header = [f"# Brouillon de « legs nouvelle-fiche », ni publié ni vérifié : reprenez-le avec "
              f"« legs nouvelle-fiche --reprendre {rel} »."]
    if answers.get("cercle"):
        header.append(f"{CIRCLE_KEY}: {_quoted(answers['cercle'])}")
    if current:
        header.append(f"{CURRENT_KEY}: {_quoted(current)}")
    record = render(answers, today, partial=not complete).replace("---\n{}\n---", "---\n---", 1)  # no answer yet
    return "---\n" + "\n".join(header) + "\n" + record.removeprefix("---\n"), len(header)


def _quoted(value: str) -> str:
    """A YAML scalar holding exactly `value`, whatever was typed (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def place(root: Path, answers: dict[str, str], resumed: Path | None) -> Path:
    """Where to keep the draft: the one being resumed, or a new name in brouillons/."""
    folder = root / FOLDER
    if resumed is not None and owned(root, resumed):
        return resumed
    stem = slugify(answers["titre"]) if answers.get("titre") else "fiche-sans-titre"
    number = 1
    while True:
        candidate = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        if not os.path.lexists(candidate):
            return candidate
        number += 1


def owned(root: Path, path: Path) -> bool:
    """Whether `path` is a draft of brouillons/, which the command may rewrite and delete
    (a file kept elsewhere is the contributor's: it is only read)."""
    return path.parent == root / FOLDER


def write(root: Path, path: Path, content: str) -> None:
    """Writes the draft without following a symbolic link; raises OSError if it cannot."""
    folder = path.parent
    if paths.unsafe(folder, root, want_dir=True) == paths.MISSING:
        folder.mkdir(parents=True)
    if paths.unsafe(folder, root, want_dir=True) is not None or paths.unsafe(path, root) not in (None, paths.MISSING):
        raise OSError(f"{folder} n'est pas un dossier ordinaire du dépôt")
    temporary = path.with_name(f".{path.name}.tmp")
    if os.path.lexists(temporary):
        os.unlink(temporary)  # left by a command stopped while writing; a link is removed, not followed
    with open(temporary, "x", encoding="utf-8") as out:
        out.write(content)
    os.replace(temporary, path)  # the previous version stays whole until the new one is


def read(path: Path, rel: str) -> tuple[dict[str, str], str | None]:
    """The answers of a draft, and the section that was being typed (None if none)."""
    try:
        src = source.read(path)
    except OSError as exc:
        raise DraftError(f"{rel} : impossible de lire ce brouillon ({exc.strerror}) : vérifiez le chemin.") from None
    except source.SourceError as exc:
        what = {"too-big": f"ce fichier est trop gros pour une fiche ({exc.detail})",
                "encoding": "ce fichier n'est pas du texte en UTF-8 : enregistrez-le en UTF-8"}.get(
            exc.kind, "ce fichier n'est pas un brouillon de fiche (il commence par une ligne « --- », suivie des "
                      "réponses et d'une autre ligne « --- »)")
        raise DraftError(f"{rel}:{exc.line}: {what} : vérifiez le chemin.") from None
    try:
        doc = strictyaml.load(src.front_matter)
    except strictyaml.YamlError as exc:
        raise DraftError(f"{rel}:{exc.line + 1}: l'en-tête du brouillon est illisible à cette ligne : corrigez-la "
                         "(deux-points après la clé, guillemets fermés), puis relancez la commande.") from None
    data = doc.data if isinstance(doc.data, dict) else {}
    answers: dict[str, str] = {}
    for key, value in data.items():
        line = doc.line_of((key,)) + 1
        if key in _GENERATED_KEYS or key == CURRENT_KEY:
            continue
        if key != CIRCLE_KEY and (key not in BY_KEY or BY_KEY[key].is_section):
            raise DraftError(f"{rel}:{line}: « {key} » n'est pas une réponse de la commande : corrigez le nom de la "
                             "clé ou déplacez ce texte dans une section, puis relancez la commande.")
        items = value if isinstance(value, list) else [value]
        answers[key] = ", ".join("" if item is None else str(item) for item in items)
    answers.update(_sections(src.body, src.body_line, rel))
    current = data.get(CURRENT_KEY)
    return answers, current if current in SECTIONS else None


def _sections(body: str, first_line: int, rel: str) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for offset, line in enumerate(body.split("\n")):
        title = line[3:].strip() if line.startswith("## ") else None
        if title in SECTIONS and title not in found:
            current = found.setdefault(title, [])
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise DraftError(f"{rel}:{first_line + offset}: ce texte n'est dans aucune section : placez-le sous un titre "
                             "« ## Contexte », « ## Pas à pas »… du brouillon, puis relancez la commande.")
    return {title: "\n".join(lines).strip("\n") for title, lines in found.items()}
