"""Printing problems: for people (terminal), for tools (JSON), for GitHub annotations."""

from __future__ import annotations

import hashlib
import json
from typing import Sequence

from .problems import Problem

FORMATS = ("texte", "json", "github", "gitlab")


def _summary(problems: Sequence[Problem], checked: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"{checked} fichier(s) vérifié(s) : aucun problème."
    return f"{checked} fichier(s) vérifié(s) : {errors} erreur(s), {warnings} avertissement(s)."


def text(problems: Sequence[Problem], checked: int) -> str:
    lines = [f"{p.path}:{p.line}: {p.code} {'' if p.is_error else '(avertissement) '}{p.message}" for p in problems]
    return "\n".join(lines + [_summary(problems, checked)])


def as_json(problems: Sequence[Problem], checked: int) -> str:
    return json.dumps({
        "fichiers_verifies": checked,
        "erreurs": sum(p.is_error for p in problems),
        "avertissements": sum(not p.is_error for p in problems),
        "problemes": [{"chemin": p.path, "ligne": p.line, "code": p.code, "gravite": p.severity.value,
                       "message": p.message} for p in problems],
    }, ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem], checked: int) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    lines = [
        f"::{'error' if p.is_error else 'warning'} file={_escape_property(p.path)},line={p.line},"
        f"title={_escape_property(p.code)}::{_escape_data(p.message)}"
        for p in problems
    ]
    return "\n".join(lines + [_summary(problems, checked)])


def gitlab(problems: Sequence[Problem], checked: int) -> str:
    """GitLab « Code Quality » report: merge requests show each problem on its line."""
    return json.dumps([{
        "description": f"{p.code} {p.message}",
        "check_name": p.code,
        "fingerprint": hashlib.sha256(f"{p.path}:{p.line}:{p.code}:{p.message}".encode()).hexdigest(),
        "severity": "major" if p.is_error else "minor",
        "location": {"path": p.path, "lines": {"begin": p.line}},
    } for p in problems], ensure_ascii=False, indent=2)


def render(fmt: str, problems: Sequence[Problem], checked: int) -> str:
    return {"texte": text, "json": as_json, "github": github, "gitlab": gitlab}[fmt](problems, checked)
