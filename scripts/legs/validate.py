"""`legs valider`: check the repository, or some of its files."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml

from . import corpus as corpus_module
from . import look
from .content.problems import Problem
from .content.settings import Settings, config_loader
from .corpus import Corpus
from .rules.site import ORGANISATION


@dataclass
class Report:
    problems: list[Problem]
    checked: int
    corpus: Corpus

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def validate(settings: Settings, paths: Sequence[Path] = (), today: dt.date | None = None) -> Report:
    """Check everything, or only report on `paths` (their references still need the rest)."""
    corpus = corpus_module.load(settings, today=today, extra_paths=paths)
    if not paths:
        checked = len(corpus.records) + len(corpus.circles) + len(corpus_module.VOCABULARY_FILES) + 1
        return Report(corpus.problems + check_organisation(settings), checked, corpus)
    # As named, not resolved: the problems of a symbolic link are reported on the link itself.
    wanted = {settings.rel(Path(os.path.normpath(os.path.abspath(p)))) for p in paths}
    problems = [p for p in corpus.problems if p.path in wanted]
    return Report(problems, len(wanted), corpus)


def check_organisation(settings: Settings) -> list[Problem]:
    """`extra.organisation` of mkdocs.yml, checked as the build will check it, with its line."""
    config_file = settings.root / "mkdocs.yml"
    try:
        text = config_file.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=config_loader())
        look.load((config or {}).get("extra") if isinstance(config, dict) else None, settings.docs_dir)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # mkdocs.yml itself unreadable: the build says so in its own words
    except look.LookError as error:
        return [ORGANISATION.at("mkdocs.yml", _line_of_setting(text, str(error)), detail=str(error))]
    return []


def _line_of_setting(text: str, message: str) -> int:
    """The line of the setting a message names (« extra.organisation.couleurs.principale »):
    the first line of each key in turn, after the line of the previous one."""
    named = re.search(r"« extra\.organisation((?:\.\w+)*) »", message)
    keys = ["extra", "organisation"] + (named.group(1).strip(".").split(".") if named and named.group(1) else [])
    lines, line = text.splitlines(), 0
    for key in keys:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
        found = next((n for n in range(line, len(lines)) if pattern.match(lines[n])), None)
        if found is None:
            break
        line = found
    return line + 1
