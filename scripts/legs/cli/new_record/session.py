"""`legs nouvelle-fiche` question by question: each answer checked when given, nothing typed lost.

Answers come from a resumed draft, then the command-line options, then the prompts. Values
given as options (or read from a draft) must be exact, as in a record; at the prompt, closed
questions also take a number of the list, and a value without regard to case or accents.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...content.problems import Problem
from ...content.settings import Settings
from ...text import formatters
from . import QUESTIONS, Question, drafts, prompt, render, section_text, target
from .checks import Checker, Choice

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
END_OF_SECTION = "."
PREFIX = "legs nouvelle-fiche : "
MAX_LISTED = 60


@dataclass
class Session:
    settings: Settings
    checker: Checker
    answers: dict[str, str]
    today: dt.date
    resumed: Path | None = None
    asked: bool = True  # False with --sans-questions: every answer came from the options
    current: str | None = None  # the section being typed, whose lines are kept as they come
    warned: set = field(default_factory=set)
    # In a resumed draft, an optional question left unanswered before the last answer was passed over.
    passed: int = -1

    # --- Asking ---------------------------------------------------------------------------

    def ask_all(self) -> None:
        for number, question in enumerate(QUESTIONS):
            given = self.answers.get(question.key, "")
            if question.optional and not given.strip() and number < self.passed:
                continue
            if given.strip() and question.key != self.current:
                messages = self.accept(question, given, typed=False)
                if messages is None:
                    continue
                _say(f"\nLa réponse « {_short(given)} » ({question.option}) ne convient pas :")
                _say_all(messages)
            self.ask(question)

    def ask(self, question: Question) -> None:
        choices = self.checker.choices(question.key)
        _say("")
        if question.is_section:
            _say(f"{prompt(question)}.")
            _say(f"Écrivez sur autant de lignes que nécessaire (paragraphes, listes « - » ou « 1. »). "
                 f"Pour finir la section, tapez une ligne avec seulement un point « {END_OF_SECTION} ».")
        elif len(choices) > MAX_LISTED:  # a large registry: too long to read, typed by name or id
            _say(f"{prompt(question)} : tapez un nom ou un identifiant ({len(choices)} possibilités).")
        elif choices:
            _say(f"{prompt(question)}, au choix :")
            for number, choice in enumerate(choices, start=1):
                _say(f"  {number}. {_label(choice)}")
        while True:
            raw = self.read_section(question) if question.is_section else self.read_line(question, choices)
            if not raw.strip():
                if question.optional:
                    self.answers.pop(question.key, None)
                    return
                _say("Cette question attend une réponse." + (" Tapez au moins une ligne de texte avant le point."
                                                            if question.is_section else ""))
                continue
            self.answers[question.key] = raw  # kept, even refused: a draft holds everything typed
            messages = self.accept(question, raw, typed=True)
            if messages is None:
                return
            _say("Cette réponse ne convient pas :")
            _say_all(messages)
            _say("Répondez de nouveau" + (" (la section entière)." if question.is_section else "."))

    def read_line(self, question: Question, choices: list[Choice]) -> str:
        if choices and len(choices) > MAX_LISTED:
            text = "Noms ou identifiants, séparés par des virgules" if question.is_list else "Nom ou identifiant"
        elif choices:
            text = "Numéros ou noms, séparés par des virgules" if question.is_list else "Numéro ou nom"
        else:
            text = prompt(question)
        if question.optional:
            text += " (Entrée pour passer)"

        def keep(line: str) -> None:
            if line.strip():  # an empty line passes or asks again: the previous answer stays
                self.answers[question.key] = line

        return _input(f"{text} : ", keep)

    def read_section(self, question: Question) -> str:
        lines: list[str] = []
        if self.current == question.key and self.answers.get(question.key, "").strip():
            lines = self.answers[question.key].split("\n")
            _say("Texte déjà écrit pour cette section (les lignes que vous tapez s'y ajoutent ; « . » seul pour le garder tel quel) :")
            _say("\n".join(f"  | {formatters.printable(line)}" for line in lines))
        self.current = question.key

        def keep(line: str) -> None:
            if line.strip() != END_OF_SECTION:
                lines.append(line)
                self.answers[question.key] = "\n".join(lines)

        while _input("", keep).strip() != END_OF_SECTION:
            pass
        self.current = None
        return "\n".join(lines)

    # --- Checking -------------------------------------------------------------------------

    def accept(self, question: Question, raw: str, typed: bool) -> list[str] | None:
        """Stores the answer and returns None if it is valid; otherwise the reasons, in French."""
        choices = self.checker.choices(question.key)
        value = section_text(raw) if question.is_section else raw.strip()
        if choices and typed:
            value, messages = self.checker.pick(question, raw, choices)
            if value is None:
                return messages
        elif question.key == "cercle" and value not in [c.value for c in choices]:
            return [self.checker.not_a_circle(value, choices)]  # never folded: it names a folder
        before = {k: v for k, v in self.answers.items() if k != question.key}
        problems = self.checker.check(question.key, value, before)
        errors = [p for p in problems if p.is_error]
        if errors:
            return [_message(p, question) for p in errors]
        for problem in problems:  # warnings: the answer stands, the contributor is told once
            if problem.message not in self.warned:
                self.warned.add(problem.message)
                _say(f"Attention : {_message(problem, question)}")
        self.answers[question.key] = value
        return None


def run(settings: Settings, given: dict[str, str | None], resume: str | None, ask: bool,
        today: dt.date | None = None) -> int:
    from ...corpus import load

    today = today or dt.date.today()
    answers: dict[str, str] = {}
    resumed, current = None, None
    if resume:
        resumed = _draft_path(settings, resume)
        try:
            answers, current = drafts.read(resumed, settings.rel(resumed))
        except drafts.DraftError as error:
            print(PREFIX + formatters.printable(error), file=sys.stderr)
            return EXIT_USAGE
    passed = max((n for n, q in enumerate(QUESTIONS) if answers.get(q.key, "").strip()), default=-1)
    answers.update({key: value for key, value in given.items() if value is not None})
    session = Session(settings, Checker(load(settings)), answers, today, resumed=resumed, current=current, asked=ask,
                      passed=passed)
    if not ask:
        return _without_questions(session)
    if resumed is not None:
        print(f"Reprise du brouillon {settings.rel(resumed)} : seules les questions sans réponse valable sont posées.")
    with _stops():
        try:
            session.ask_all()
            return _finish(session)
        except (EOFError, KeyboardInterrupt, _Closed) as stop:
            return _keep(session, "\n" + next(text for kind, text in _STOPPED.items() if isinstance(stop, kind)))
        except Exception as error:  # noqa: BLE001 (what was typed is saved, then the error is told)
            return _keep(session, f"\nErreur inattendue ({type(error).__name__}) : signalez-la aux mainteneurs du kit.")


class _Closed(BaseException):
    """The terminal was closed (its window, a lost connection) or the command told to stop."""


_STOPPED = {KeyboardInterrupt: "Saisie interrompue (Ctrl+C).",
            _Closed: "Saisie interrompue (fenêtre fermée ou commande arrêtée).",
            EOFError: "Fin de la saisie avant la dernière question."}
# What stops the questions: Ctrl+C, the terminal closed, the system stopping the command.
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGHUP", "SIGTERM") if hasattr(signal, name))


class _Stop:
    """Ctrl+C, closing the window or a request to stop ends the questions, and what was typed
    is saved as a draft. The signal stops the command only while it waits for an answer, or at
    its next question: never while the draft is being written (a second Ctrl+C, or the end of
    the input a closed window also brings), and only once."""

    def __init__(self) -> None:
        self.waiting = False  # in `input`
        self.received: int | None = None
        self.raised = False

    def receive(self, signum: int, frame) -> None:
        if self.received is None:
            self.received = signum
        if signum == getattr(signal, "SIGHUP", None):
            # The terminal is gone: what the command says goes nowhere, instead of failing.
            with contextlib.suppress(OSError):
                nowhere = os.open(os.devnull, os.O_WRONLY)
                os.dup2(nowhere, sys.stdout.fileno())
                os.dup2(nowhere, sys.stderr.fileno())
        if self.waiting:
            self.check()

    def check(self) -> None:
        if self.received is not None and not self.raised:
            self.raised = True
            raise KeyboardInterrupt if self.received == signal.SIGINT else _Closed


_stop = _Stop()


@contextlib.contextmanager
def _stops():
    """`_stop` receives the signals that stop the questions while `run` asks them."""
    global _stop
    _stop = _Stop()
    previous = {}
    try:
        for number in _SIGNALS:
            # A signal ignored from the start (a command run in the background) is left so.
            if signal.getsignal(number) is not signal.SIG_IGN:
                previous[number] = signal.signal(number, _stop.receive)
    except ValueError:  # not the main thread (a caller of `run`): signals are not ours to handle
        pass
    try:
        yield
    finally:
        stopped = _stop.received is not None  # the command only ends now: these signals are ignored until then
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_IGN if stopped else handler if handler is not None else signal.SIG_DFL)


def _without_questions(session: Session) -> int:
    """For scripts: every answer from the options (or the draft), all checked, nothing asked."""
    missing = [q.option for q in QUESTIONS if not q.optional and not session.answers.get(q.key, "").strip()]
    if missing:
        print(PREFIX + "il manque " + ", ".join(missing) + " (ou lancez la commande sans --sans-questions "
              "pour répondre aux questions).", file=sys.stderr)
        return EXIT_USAGE
    refused = []
    for question in QUESTIONS:
        if session.answers.get(question.key, "").strip():
            messages = session.accept(question, session.answers[question.key], typed=False)
            refused += [f"{question.option} : {m}" for m in messages or ()]
            if messages and question.key == "cercle":
                break  # the other answers depend on the circle
    if refused:
        print("\n".join(PREFIX + m for m in refused), file=sys.stderr)
        return EXIT_USAGE
    return _finish(session)


def _finish(session: Session) -> int:
    """Writes the record into its circle only if the validator accepts it; otherwise keeps a draft."""
    from ...corpus.validate import validate

    settings, answers = session.settings, session.answers
    path = target(settings.competences_dir, answers)
    rel = settings.rel(path)
    try:
        # "x": never overwrites a file, and never writes through a symbolic link.
        with open(path, "x", encoding="utf-8") as out:
            out.write(render(answers, session.today))
    except FileExistsError:
        print(f"{PREFIX}{rel} existe déjà : choisissez un autre titre.", file=sys.stderr)
        return _keep(session, "") if session.asked else EXIT_USAGE
    try:
        report = validate(settings, [path])
    except BaseException:
        os.unlink(path)  # not checked: not in the circle either (the caller keeps a draft)
        raise
    if report.has_errors:
        os.unlink(path)  # created just above: only a valid record enters the circle
        print(f"\nLa fiche n'est pas écrite dans {settings.rel(path.parent)}/ : le validateur y trouve des erreurs.")
        return _keep(session, "", report.problems)
    print(f"\nFiche écrite : {rel} (statut « brouillon »). Le validateur l'accepte"
          + (" avec ces remarques :" if report.problems else "."))
    if report.problems:
        print(formatters.text(report.problems, report.checked))
    if session.resumed is not None and drafts.owned(settings.root, session.resumed) and os.path.lexists(session.resumed):
        os.unlink(session.resumed)
        with contextlib.suppress(OSError):
            session.resumed.parent.rmdir()  # only if no other draft is left
        print(f"Le brouillon {settings.rel(session.resumed)} est supprimé : tout son contenu est dans la fiche.")
    print("Relisez-la, puis proposez-la à la personne référente de votre cercle (voir CONTRIBUTING.md).")
    return EXIT_OK


def _keep(session: Session, reason: str, problems: list[Problem] | None = None) -> int:
    """Saves everything typed as a draft and says where it is and how to go on."""
    settings, answers = session.settings, session.answers
    typed = any(value.strip() for value in answers.values())
    failure = None
    if typed:
        path = drafts.place(settings.root, answers, session.resumed)
        rel = settings.rel(path)
        content, shift = drafts.text(answers, session.today, session.current, rel, complete=problems is not None)
        try:
            # Written before anything is said: a closed window takes the messages, not the draft.
            drafts.write(settings.root, path, content)
        except OSError as error:
            failure = error
    if reason:
        print(reason)
    if not typed:
        print("Rien n'a été saisi : aucun brouillon n'est écrit.")
        return EXIT_PROBLEMS
    if failure is not None:
        print(f"Le brouillon {rel} n'a pas pu être écrit ({formatters.printable(failure)}). "
              "Voici tout ce que vous avez saisi : copiez-le dans un fichier.\n")
        print(content)
        return EXIT_PROBLEMS
    if problems:
        # The draft is the record with its header lines before: the problems are shown at its lines.
        print(formatters.text([dataclasses.replace(p, path=rel, line=p.line + shift) for p in problems], 1))
        print(f"Corrigez ces points dans le brouillon {rel}, puis terminez la fiche avec :")
    else:
        print(f"Vos réponses sont gardées dans le brouillon {rel} (dossier « {drafts.FOLDER} » à la racine "
              "du dépôt, ni publié ni vérifié). Pour reprendre là où vous en étiez :")
    print(f"  legs nouvelle-fiche --reprendre {rel}")
    return EXIT_PROBLEMS


def _draft_path(settings: Settings, given: str) -> Path:
    """As given (from the current folder), else from the root of the repository."""
    path = Path(given)
    if not path.is_absolute() and not os.path.lexists(path) and os.path.lexists(settings.root / path):
        path = settings.root / path
    return Path(os.path.abspath(path))


def _message(problem: Problem, question: Question) -> str:
    message = formatters.printable(problem.message)
    if question.is_section and problem.line > 2:  # the section's text starts on line 3 of what was checked
        return f"ligne {problem.line - 2} de la section : {message}"
    return message


def _label(choice: Choice) -> str:
    label = formatters.printable(choice.label)
    if choice.label != choice.value:
        label += f" ({formatters.printable(choice.value)})"
    return f"{label} — {formatters.printable(choice.detail)}" if choice.detail else label


def _short(text: str, limit: int = 60) -> str:
    text = formatters.printable(" ".join(text.split()))
    return text if len(text) <= limit else text[:limit] + "…"


def _input(prompt: str, keep: Callable[[str], None] = lambda line: None) -> str:
    """One line typed, kept (`keep`) before it is echoed. A stop (`_Stop`) takes effect only
    while the command waits for a line, so that a draft holds every line the contributor saw taken."""
    _stop.waiting = True  # before the check: a signal received in between stops the wait
    try:
        _stop.check()
        line = input(prompt)
    finally:
        _stop.waiting = False
    keep(line)
    if not sys.stdin.isatty():
        print(line, flush=True)  # piped answers: the output reads as the exchange it was
    return line


def _say(text: str) -> None:
    print(text, flush=True)


def _say_all(messages: list[str]) -> None:
    for message in messages:
        _say(f"  - {message}")
