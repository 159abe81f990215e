"""The command line: `legs` and its French verbs (`commands`), the question-by-question
writing of a new record (`new_record`) and the benchmarks (`bench`). Nothing else in the kit
imports from here; `python -m legs.cli` runs the command."""

from .commands import main

__all__ = ["main"]
