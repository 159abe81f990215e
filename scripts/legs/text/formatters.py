"""Printing problems: for people (terminal), for tools (JSON), for GitHub annotations."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from typing import Sequence

from ..content.problems import Problem

FORMATS = ("texte", "json", "github", "gitlab")


# Every character a log reader may act on: C0 and C1 controls (line breaks, carriage return,
# ESC of ANSI sequences such as GitLab's « \x1b[0Ksection_start: »), DEL, the Unicode line and
# paragraph separators, and the bidirectional and zero-width characters.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(value: object) -> str:
    """Untrusted text (a path, a message) made safe for one line of a CI log, in every format.

    Controls and invisible characters are written out (« \\x1b », « \\u202e »), so no line
    break nor escape sequence reaches the log and the reader sees what was there; « :: », which
    starts a GitHub workflow command, becomes « : : ».
    """
    text = _UNSAFE.sub(_written_out, str(value))
    while "::" in text:
        text = text.replace("::", ": :")
    return text


def _written_out(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(problem: Problem) -> Problem:
    """A problem whose path and message are `printable`."""
    return dataclasses.replace(problem, path=printable(problem.path), message=printable(problem.message))


def text_line(problem: Problem) -> str:
    """One problem on one line: « chemin:ligne: CODE message », safe for any log."""
    p = safe(problem)
    return f"{p.path}:{p.line}: {p.code} {'' if p.is_error else '(avertissement) '}{p.message}"


def _summary(problems: Sequence[Problem], checked: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"{checked} fichier(s) vérifié(s) : aucun problème."
    return f"{checked} fichier(s) vérifié(s) : {errors} erreur(s), {warnings} avertissement(s)."


def text(problems: Sequence[Problem], checked: int) -> str:
    lines = [text_line(p) for p in problems]
    return "\n".join(lines + [_summary(problems, checked)])


def as_json(problems: Sequence[Problem], checked: int) -> str:
    problems = [safe(p) for p in problems]
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
    problems = [safe(p) for p in problems]
    lines = [
        f"::{'error' if p.is_error else 'warning'} file={_escape_property(p.path)},line={p.line},"
        f"title={_escape_property(p.code)}::{_escape_data(p.message)}"
        for p in problems
    ]
    return "\n".join(lines + [_summary(problems, checked)])


def gitlab(problems: Sequence[Problem], checked: int) -> str:
    """GitLab « Code Quality » report: merge requests show each problem on its line."""
    problems = [safe(p) for p in problems]
    return json.dumps([{
        "description": f"{p.code} {p.message}",
        "check_name": p.code,
        "fingerprint": hashlib.sha256(f"{p.path}:{p.line}:{p.code}:{p.message}".encode()).hexdigest(),
        "severity": "major" if p.is_error else "minor",
        "location": {"path": p.path, "lines": {"begin": p.line}},
    } for p in problems], ensure_ascii=False, indent=2)


def render(fmt: str, problems: Sequence[Problem], checked: int) -> str:
    return {"texte": text, "json": as_json, "github": github, "gitlab": gitlab}[fmt](problems, checked)
