"""`legs valider`: check the repository, or some of its files."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml

from ..content import look
from ..content.problems import Problem
from ..content.settings import Settings, config_loader
from ..rules.site import DIRECTORY_URLS, ORGANISATION
from . import VOCABULARY_FILES, Corpus, load


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
    corpus = load(settings, today=today, extra_paths=paths)
    if not paths:
        checked = len(corpus.records) + len(corpus.circles) + len(VOCABULARY_FILES) + 1
        return Report(corpus.problems + check_site_settings(settings), checked, corpus)
    # As named, not resolved: the problems of a symbolic link are reported on the link itself.
    wanted = {settings.rel(Path(os.path.normpath(os.path.abspath(p)))) for p in paths}
    problems = [p for p in corpus.problems if p.path in wanted]
    return Report(problems, len(wanted), corpus)


def check_site_settings(settings: Settings) -> list[Problem]:
    """The settings of mkdocs.yml the build relies on, checked as the build checks them, with
    their line: `use_directory_urls` and `extra.organisation`."""
    read = _config(settings)
    if read is None:
        return []
    text, config = read
    problems = [directory_urls_problem(text)] if config.get("use_directory_urls") is False else []
    return problems + _organisation_problems(settings, text, config)


def check_organisation(settings: Settings) -> list[Problem]:
    """`extra.organisation` of mkdocs.yml (what the printed documents need), with its line."""
    read = _config(settings)
    return [] if read is None else _organisation_problems(settings, *read)


def _organisation_problems(settings: Settings, text: str, config: dict) -> list[Problem]:
    try:
        look.load(config.get("extra"), settings.docs_dir)
    except look.LookError as error:
        return [ORGANISATION.at("mkdocs.yml", _line_of_setting(text, str(error)), detail=str(error))]
    return []


def _config(settings: Settings) -> tuple[str, dict] | None:
    """mkdocs.yml as text and as data; None if unreadable (the build says so in its own words)."""
    try:
        text = (settings.root / "mkdocs.yml").read_text(encoding="utf-8")
        config = yaml.load(text, Loader=config_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return text, config if isinstance(config, dict) else {}


def directory_urls_problem(text: str) -> Problem:
    """LG121 on the line of mkdocs.yml (`text`) that sets `use_directory_urls`."""
    return DIRECTORY_URLS.at("mkdocs.yml", _line_of(text, ["use_directory_urls"]))


def _line_of_setting(text: str, message: str) -> int:
    """The line of the setting a message names (« extra.organisation.couleurs.principale »):
    the first line of each key in turn, after the line of the previous one."""
    named = re.search(r"« extra\.organisation((?:\.\w+)*) »", message)
    return _line_of(text, ["extra", "organisation"] + (named.group(1).strip(".").split(".") if named and named.group(1) else []))


def _line_of(text: str, keys: list[str]) -> int:
    """The line of mkdocs.yml (`text`) where the nested `keys` are set: the first line of each
    key in turn, after the line of the previous one (line 1 if the first is not found)."""
    lines, line = text.splitlines(), 0
    for key in keys:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
        found = next((n for n in range(line, len(lines)) if pattern.match(lines[n])), None)
        if found is None:
            break
        line = found
    return line + 1
