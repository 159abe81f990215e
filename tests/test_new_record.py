"""`legs nouvelle-fiche` as a contributor meets it: the real command, answers typed on stdin."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import run_legs
from test_rules import repo  # noqa: F401  (fixture)

# One valid answer per question, in the order they are asked; "" passes an optional question.
ANSWERS = {
    "cercle": "essai", "titre": "Préparer le versement annuel",
    "resume": "Les étapes pour préparer le versement annuel des dossiers clos.",
    "auteur": "gfontaine", "metier": "archiviste", "versant": "État", "organisation": "prefecture-val-d-orne",
    "service": "", "competences": "classement-versement, tri-eliminations", "types_savoir": "savoir-faire",
    "criticite": "forte", "rarete": "peu courante", "visibilite": "publique", "successeurs": "",
    "Contexte": "Chaque année, en janvier.", "Situations clés": "Un déménagement du service.",
    "Pas à pas": "1. Lister les dossiers clos.\n2. Remplir le bordereau.", "Pièges et astuces": "Ne rien oublier.",
    "Ressources": "Code du patrimoine, article L212-2.", "Qui solliciter": "@slaurent, référente du cercle.",
}
SECTIONS = ("Contexte", "Situations clés", "Pas à pas", "Pièges et astuces", "Ressources", "Qui solliciter")
RECORD = "competences/essai/preparer-le-versement-annuel.md"


def typed(before: dict[str, list[str]] | None = None, **answers: str) -> str:
    """What a contributor types: for each question, the refused tries of `before`, then the answer
    (a section ends with a line « . »)."""
    lines = []
    for key, answer in {**ANSWERS, **answers}.items():
        for attempt in [*(before or {}).get(key, []), answer]:
            lines.append(f"{attempt}\n." if key in SECTIONS else attempt)
    return "\n".join(lines) + "\n"


def new_record(repo: Path, stdin: str, *args: str) -> subprocess.CompletedProcess:  # noqa: F811
    return subprocess.run([sys.executable, "-m", "legs.cli", "--depot", str(repo), "nouvelle-fiche", *args],
                          cwd=repo, input=stdin, capture_output=True, text=True, timeout=300)


def assert_valid_record(repo: Path) -> str:  # noqa: F811
    result = run_legs(repo, "valider", RECORD)
    assert result.returncode == 0, result.stdout
    return (repo / RECORD).read_text(encoding="utf-8")


def test_a_wrong_choice_is_asked_again_then_a_number_or_a_value_is_taken(repo: Path) -> None:  # noqa: F811
    result = new_record(repo, typed({"cercle": ["archives"], "versant": ["national"], "competences": ["tri, 99"]},
                                    cercle="1", versant="ETAT", competences="18, Trier les dossiers et préparer les éliminations réglementaires",
                                    criticite="Forte", types_savoir="savoir etre, 2"))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "  1. Cercle d'essai (essai)" in out  # the choices, numbered, with their names
    assert "  17. Gilles Fontaine (gfontaine)" in out
    assert "« archives » n'est pas un cercle" in out and "parmi : essai" in out
    assert "« national » n'est pas dans la liste : tapez le numéro ou le nom d'un des choix (de 1 à 3)." in out
    assert "« tri » n'est pas dans la liste" in out and "« 99 » n'est pas dans la liste" in out
    assert out.count("Répondez de nouveau.") == 3
    text = assert_valid_record(repo)
    assert "versant: État\n" in text and "criticite: forte\n" in text
    assert "competences:\n- classement-versement\n- tri-eliminations\n" in text
    assert "types_savoir:\n- savoir-être\n- savoir-faire\n" in text


def test_an_invalid_title_is_refused_with_the_validator_rule_then_a_valid_one_taken(repo: Path) -> None:  # noqa: F811
    (repo / "competences/essai/preparer-le-tri.md").write_text("---\n---\n", encoding="utf-8")
    result = new_record(repo, typed({"titre": ["Tri", "x" * 121, "Préparer le tri"]}))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    # The limits are the schema's, in the validator's words.
    assert "« titre » : le texte est trop court, écrivez au moins 5 caractères." in out
    assert "« titre » : le texte est trop long, tenez-vous à 120 caractères au plus." in out
    assert "competences/essai/preparer-le-tri.md existe déjà" in out
    assert "titre: Préparer le versement annuel\n" in assert_valid_record(repo)


def test_a_section_is_kept_verbatim_over_several_lines(repo: Path) -> None:  # noqa: F811
    steps = ("Avant de commencer :\n\n- vérifier le tableau de gestion ;\n  - y compris les annexes ;\n"
             "- prévenir le service.\n\nEnsuite, deux paragraphes.\nSur deux lignes.\n\n"
             "1. Lister les dossiers clos.\n2. Remplir le bordereau.\n\n    code indenté")
    result = new_record(repo, typed(**{"Pas à pas": "\n" + steps + "\n\n"}))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tapez une ligne avec seulement un point « . »" in result.stdout
    assert f"## Pas à pas\n\n{steps}\n\n## Pièges et astuces\n" in assert_valid_record(repo)


def test_a_section_is_checked_by_the_validator_rules_and_asked_again(repo: Path) -> None:  # noqa: F811
    result = new_record(repo, typed({"Qui solliciter": ["Le service.\nDemander à Anne Leroux.", "Voir <b>ici</b>."]}))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ligne 2 de la section : « anne leroux » est écrit en clair : remplacez-le par « @aleroux »" in result.stdout
    assert "la balise « <b> » n'est pas acceptée" in result.stdout
    assert "Répondez de nouveau (la section entière)." in result.stdout
    assert_valid_record(repo)


def _stopped_in_pas_a_pas(stdin_end: str = "") -> str:
    full = typed()
    return full[:full.index("2. Remplir le bordereau.")] + stdin_end


def test_end_of_input_keeps_every_answer_in_a_draft_that_can_be_resumed(repo: Path) -> None:  # noqa: F811
    result = new_record(repo, _stopped_in_pas_a_pas())
    assert result.returncode == 1, result.stdout + result.stderr
    draft = repo / "brouillons/preparer-le-versement-annuel.md"
    assert "Fin de la saisie avant la dernière question." in result.stdout
    assert "brouillon brouillons/preparer-le-versement-annuel.md" in result.stdout
    assert "legs nouvelle-fiche --reprendre brouillons/preparer-le-versement-annuel.md" in result.stdout
    assert not (repo / RECORD).exists()
    text = draft.read_text(encoding="utf-8")
    for key in ("titre", "resume", "auteur", "metier", "versant", "organisation", "criticite", "rarete", "visibilite"):
        assert f"{key}: {ANSWERS[key]}\n" in text
    assert "## Situations clés\n\nUn déménagement du service.\n" in text
    assert text.endswith("## Pas à pas\n\n1. Lister les dossiers clos.\n")  # the line typed before the end
    # Neither the validator nor the site reads the draft folder.
    assert run_legs(repo, "valider").returncode == 0
    # Resumed: the section being typed goes on, then the remaining questions.
    rest = typed()
    resumed = new_record(repo, rest[rest.index("2. Remplir le bordereau."):], "--reprendre", "brouillons/preparer-le-versement-annuel.md")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "Texte déjà écrit pour cette section" in resumed.stdout
    assert "Titre de la fiche" not in resumed.stdout  # answered questions are not asked again
    assert "## Pas à pas\n\n1. Lister les dossiers clos.\n2. Remplir le bordereau.\n" in assert_valid_record(repo)
    assert not draft.exists() and "Le brouillon brouillons/preparer-le-versement-annuel.md est supprimé" in resumed.stdout


def _as_from_a_terminal() -> None:
    """In the command's process, before it starts: the signals a terminal delivers act, even if
    the test suite itself was started with them ignored (`nohup`, `&` in a script)."""
    for name in ("SIGINT", "SIGHUP", "SIGTERM"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)


def _interrupted(kit: Path, stop: signal.Signals, again: bool) -> tuple[subprocess.Popen, str, str]:
    """The command stopped by the signal `stop` (SIGINT: Ctrl+C) after the last line it is sent;
    `again`: sent over and over until the command says where the draft is."""
    process = subprocess.Popen([sys.executable, "-m", "legs.cli", "--depot", str(kit), "nouvelle-fiche"], cwd=kit,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
                               preexec_fn=_as_from_a_terminal)
    try:
        process.stdin.write(_stopped_in_pas_a_pas())
        process.stdin.flush()
        # Wait until the command has read the last line sent (it echoes piped answers), then interrupt.
        seen = ""
        while not seen.endswith("1. Lister les dossiers clos.\n"):
            line = process.stdout.readline()
            assert line, seen + process.stderr.read()
            seen += line
        process.send_signal(stop)
        out = ""
        if again:
            done = threading.Event()

            def press() -> None:
                while not done.is_set():
                    process.send_signal(stop)  # does nothing once the command has ended
                    done.wait(0.001)

            presser = threading.Thread(target=press)
            presser.start()
            try:
                while "--reprendre" not in out and (line := process.stdout.readline()):
                    out += line
            finally:
                done.set()
                presser.join()
        # stdin stays open until the command has stopped, as in a terminal: closed at once
        # (as `communicate` does), the command could read its end before it sees the signal.
        process.wait(timeout=120)
        return process, out + process.stdout.read(), process.stderr.read()
    finally:
        process.stdin.close()
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize("stop, again, said", [
    (signal.SIGINT, False, "Saisie interrompue (Ctrl+C)."),
    (signal.SIGINT, True, "Saisie interrompue (Ctrl+C)."),
    (signal.SIGTERM, False, "Saisie interrompue (fenêtre fermée ou commande arrêtée)."),
], ids=["ctrl-c", "ctrl-c-again-and-again", "stopped-by-the-system"])
def test_ctrl_c_keeps_a_draft(repo: Path, stop: signal.Signals, again: bool, said: str) -> None:  # noqa: F811
    process, out, err = _interrupted(repo, stop, again)
    assert process.returncode == 1, out + err
    assert said in out and "Traceback" not in err
    assert "legs nouvelle-fiche --reprendre brouillons/preparer-le-versement-annuel.md" in out
    assert "1. Lister les dossiers clos." in (repo / "brouillons/preparer-le-versement-annuel.md").read_text(encoding="utf-8")


def _read_until(terminal: int, text: str, shown: bytes) -> bytes:
    """What the command has shown on its terminal, once it shows `text`."""
    deadline = time.monotonic() + 120  # an upper bound for a loaded machine
    while text.encode() not in shown:
        assert time.monotonic() < deadline, f"« {text} » jamais affiché :\n" + shown.decode(errors="replace")
        if select.select([terminal], [], [], 1)[0]:
            shown += os.read(terminal, 4096)
    return shown


def test_closing_the_window_keeps_a_draft(repo: Path) -> None:  # noqa: F811
    """The command in a real terminal, closed while it waits for an answer (the terminal hangs up)."""
    pid, terminal = pty.fork()
    if pid == 0:  # the command, in a terminal of its own
        try:
            _as_from_a_terminal()
            os.chdir(repo)
            os.execv(sys.executable, [sys.executable, "-m", "legs.cli", "--depot", str(repo), "nouvelle-fiche"])
        finally:
            os._exit(127)
    try:
        shown = _read_until(terminal, "Numéro ou nom", b"")
        os.write(terminal, f"{ANSWERS['cercle']}\r".encode())
        shown = _read_until(terminal, "Titre de la fiche", shown)
        os.write(terminal, f"{ANSWERS['titre']}\r".encode())
        shown = _read_until(terminal, "ce que la fiche permet de faire", shown)
    finally:
        os.close(terminal)  # the window closes
    deadline = time.monotonic() + 120
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        assert time.monotonic() < deadline, "la commande ne s'est pas arrêtée"
        time.sleep(0.1)  # polling interval, not a wait for a state
    draft = (repo / "brouillons/preparer-le-versement-annuel.md").read_text(encoding="utf-8")
    assert f'cercle: "{ANSWERS["cercle"]}"\n' in draft and f"titre: {ANSWERS['titre']}\n" in draft


def test_nothing_typed_leaves_no_draft(repo: Path) -> None:  # noqa: F811
    result = new_record(repo, "")
    assert result.returncode == 1 and "aucun brouillon n'est écrit" in result.stdout
    assert not (repo / "brouillons").exists()


def test_a_record_the_validator_refuses_stays_a_draft(repo: Path) -> None:  # noqa: F811
    # A code block left open swallows the next sections: only the whole record shows it.
    result = new_record(repo, typed(Contexte="Voici :\n\n```\nun bloc jamais fermé"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert not (repo / RECORD).exists()
    assert "La fiche n'est pas écrite dans competences/essai/" in result.stdout
    draft = repo / "brouillons/preparer-le-versement-annuel.md"
    lines = draft.read_text(encoding="utf-8").split("\n")
    # Problems are shown at the lines of the draft, where they are to be fixed.
    shown = [line for line in result.stdout.splitlines() if " LG401 " in line][0]
    number = int(shown.split(":")[1])
    assert shown.startswith("brouillons/preparer-le-versement-annuel.md:") and lines[number - 2] == "---"
    assert "legs nouvelle-fiche --reprendre brouillons/preparer-le-versement-annuel.md" in result.stdout


def test_options_are_checked_without_questions(repo: Path) -> None:  # noqa: F811
    options = [part for key, value in ANSWERS.items() if value
               for part in ("--" + {"Situations clés": "situations-cles", "Pas à pas": "pas-a-pas", "Pièges et astuces":
                                    "pieges-et-astuces", "Qui solliciter": "qui-solliciter"}.get(key, key.lower().replace("_", "-")),
                            value)]
    refused = new_record(repo, "", "--sans-questions", *[("Etat" if part == "État" else part) for part in options])
    assert refused.returncode == 2
    assert "--versant : « Etat » est reconnu comme « État » pour « versant » : écrivez exactement « État »" in refused.stderr
    assert not (repo / "brouillons").exists() and not (repo / RECORD).exists()
    # Given as options, the other answers are asked: a wrong option is asked again.
    result = new_record(repo, typed(**{"versant": "État"}), "--versant", "Etat")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "La réponse « Etat » (--versant) ne convient pas" in result.stdout
    assert_valid_record(repo)


def test_a_damaged_draft_is_named_with_its_line(repo: Path) -> None:  # noqa: F811
    (repo / "brouillons").mkdir()
    (repo / "brouillons/x.md").write_text("---\ncercle: essai\ntitr: Préparer\n---\n", encoding="utf-8")
    result = new_record(repo, "", "--reprendre", "brouillons/x.md")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "brouillons/x.md:3: « titr » n'est pas une réponse de la commande" in result.stderr
    assert (repo / "brouillons/x.md").read_text(encoding="utf-8").endswith("titr: Préparer\n---\n")
    assert os.listdir(repo / "brouillons") == ["x.md"]


def test_help_is_in_french_and_says_how_to_end_a_section_and_resume(repo: Path) -> None:  # noqa: F811
    result = run_legs(repo, "nouvelle-fiche", "--help")
    assert result.returncode == 0
    assert "une ligne avec seulement un point « . »" in result.stdout
    assert "--reprendre BROUILLON" in result.stdout and "brouillons/" in result.stdout


def test_an_unexpected_failure_keeps_a_draft(repo: Path, monkeypatch, capsys) -> None:  # noqa: F811
    import io

    from legs import cli
    from legs.cli.new_record import checks

    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(checks.Checker, "_check_section", broken)
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed()))
    assert cli.main(["--depot", str(repo), "nouvelle-fiche"]) == 1
    out = capsys.readouterr().out
    assert "Erreur inattendue (RuntimeError)" in out and "--reprendre brouillons/preparer-le-versement-annuel.md" in out
    draft = (repo / "brouillons/preparer-le-versement-annuel.md").read_text(encoding="utf-8")
    assert "titre: Préparer le versement annuel\n" in draft and "## Contexte\n\nChaque année, en janvier.\n" in draft
