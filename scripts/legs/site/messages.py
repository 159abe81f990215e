"""MkDocs' own messages, in French: the people who build and preview the kit read French.

MkDocs says in English what it does (cleaning, building, serving, reloading); mkdocs-macros
adds lines about its own internals that mean nothing to a référent. A filter on MkDocs'
console handler rewrites the first ones and leaves out the second ones. Warnings and errors
keep their text (the kit's own are already in French, and a foreign one is shown as it came);
only the level before them is French: « ATTENTION », « ERREUR ».
"""

from __future__ import annotations

import logging
import re

from . import engine

_FRENCH = (
    (re.compile(r"Cleaning site directory"), lambda m: "Nettoyage du dossier du site"),
    (re.compile(r"Building documentation to directory: (.*)"), lambda m: f"Construction du site dans le dossier {m[1]}"),
    (re.compile(r"Documentation built in ([\d.]+) seconds"), lambda m: f"Site construit en {m[1].replace('.', ',')} s"),
    (re.compile(r"Building documentation\.\.\."), lambda m: "Construction du site…"),
    (re.compile(r"Serving on (\S+)(?: and opening it in a browser)?"), lambda m: f"Aperçu prêt sur {m[1]}"),
    (re.compile(r"Watching paths for changes: (.*)", re.S), lambda m: f"L'aperçu suit les modifications de : {m[1]}"),
    (re.compile(r"Detected file changes"), lambda m: "Fichiers modifiés : l'aperçu se met à jour"),
    (re.compile(r"Reloading browsers"), lambda m: "Les pages ouvertes dans le navigateur se rechargent"),
    (re.compile(r"Browser connected: (.*)"), lambda m: f"Page ouverte dans le navigateur : {m[1]}"),
    (re.compile(r"Shutting down\.\.\."), lambda m: "Arrêt de l'aperçu…"),
)
_MACROS = "mkdocs.plugins.mkdocs_macros"
# The level MkDocs writes before each line (« WARNING -  »). Its column is eight letters wide:
# « ATTENTION » takes a space of its own, so that the dash never touches it.
_LEVELS = {"WARNING": "ATTENTION ", "ERROR": "ERREUR", "CRITICAL": "ERREUR", "DEBUG": "DÉTAIL"}
_TIME = re.compile(r"(\[\d\d:\d\d:\d\d\] )?(.*)", re.S)


class FrenchMessages(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.INFO and record.name.startswith(_MACROS):
            return False  # the macros plugin describing its own setup
        record.levelname = _LEVELS.get(record.levelname, record.levelname)
        if record.levelno > logging.INFO:
            return True
        # The live preview's messages start with the time: « [20:00:32] Serving on … ».
        time, message = _TIME.match(record.getMessage()).groups(default="")
        french = _translated(_FRENCH, message)
        if french is not None:
            record.msg, record.args = time + french, ()
        return True


def install() -> None:
    """On MkDocs' console handlers, once per process (the preview builds many times)."""
    for handler in logging.getLogger(engine.NAME).handlers:
        if isinstance(handler, logging.StreamHandler) and not any(isinstance(f, FrenchMessages) for f in handler.filters):
            handler.addFilter(FrenchMessages())
            # MkDocs colours a line by the name of its level: the French names keep the colours.
            colours = getattr(handler.formatter, "colors", None)
            if isinstance(colours, dict):
                handler.formatter.colors = {**colours, **{fr: colours[en] for en, fr in _LEVELS.items() if en in colours}}


_ABORTS = (
    (re.compile(r"Aborted with a BuildError!"),
     lambda m: "Construction arrêtée : corrigez l'erreur indiquée ci-dessus, puis relancez la commande."),
    (re.compile(r"Aborted with a configuration error!"),
     lambda m: "Construction arrêtée : mkdocs.yml contient une erreur, indiquée ci-dessus."),
    (re.compile(r"Aborted with (\d+) configuration warnings in 'strict' mode!"),
     lambda m: f"Construction arrêtée : {m.group(1)} avertissement(s) sur mkdocs.yml, indiqué(s) ci-dessus ; "
               "le kit n'en tolère aucun."),
    (re.compile(r"Aborted with (.+) in strict mode!"),
     lambda m: f"Construction arrêtée : {_count(m.group(1))} avertissement(s) ou erreur(s), indiqué(s) ci-dessus ; "
               "le kit n'en tolère aucun."),
)


def _count(counts: str) -> int:
    """« 1 errors, 3 warnings » → 4."""
    return sum(int(n) for n in re.findall(r"\d+", counts))


def french_abort(line: str) -> str:
    """MkDocs' last line when it stops a build, in French; any other line as it came."""
    french = _translated(_ABORTS, line.strip())
    return line if french is None else french + "\n"


def _translated(table, text: str) -> str | None:
    """`text` in French by the first pattern of `table` it matches whole; None if none does."""
    for pattern, french in table:
        found = pattern.fullmatch(text)
        if found:
            return french(found)
    return None
