"""Validation rules: each has a stable code, a severity, a French message saying how to fix
the problem, and a good and a bad example. The "Règles de validation" page of the site and
the tests are generated from this single registry, so the documentation cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.problems import Problem, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    title: str  # what the rule checks, one line
    message: str  # str.format template; always ends with the fix
    bad: str  # an example that breaks the rule
    good: str  # the same example, fixed
    applies_to: str = "fiche"  # fiche, cercle, référentiel, dépôt

    def at(self, path: str, line: int, **values: object) -> Problem:
        return Problem(path, line, self.code, self.severity, self.message.format(**values))


REGISTRY: dict[str, Rule] = {}


def rule(**fields: object) -> Rule:
    new = Rule(**fields)  # type: ignore[arg-type]
    if new.code in REGISTRY:
        raise ValueError(f"duplicate rule code {new.code}")
    REGISTRY[new.code] = new
    return new


def all_rules() -> list[Rule]:
    # Importing the modules registers their rules.
    from . import body, files, front_matter, references, review, security, site  # noqa: F401

    return sorted(REGISTRY.values(), key=lambda r: r.code)
