"""`legs valider`: check the repository, or some of its files."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from . import corpus as corpus_module
from .corpus import Corpus
from .problems import Problem
from .settings import Settings


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
        return Report(corpus.problems, checked, corpus)
    # As named, not resolved: the problems of a symbolic link are reported on the link itself.
    wanted = {settings.rel(Path(os.path.normpath(os.path.abspath(p)))) for p in paths}
    problems = [p for p in corpus.problems if p.path in wanted]
    return Report(problems, len(wanted), corpus)
