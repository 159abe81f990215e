"""`legs servir`: the preview follows a saved record, not only the files of docs/."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

WAIT_S = 180  # an upper bound for a loaded machine: each wait ends as soon as the page is there


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, text: str, process: subprocess.Popen) -> str:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                page = response.read().decode("utf-8")
            if text in page:
                return page
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling interval, not a wait for a state
    raise AssertionError(f"« {text} » n'est jamais apparu sur {url}")


def test_a_saved_record_and_a_saved_vocabulary_show_in_the_preview(kit: Path) -> None:
    port = _free_port()
    env = dict(os.environ, LEGS_PDF="false", LEGS_RECHERCHE="false")
    process = subprocess.Popen([sys.executable, "-m", "legs.cli", "--depot", str(kit), "servir", "--adresse", f"127.0.0.1:{port}"],
                               cwd=kit, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/competences/maintenance-batiments/conduire-la-chaufferie/"
        _wait_for(url, "Conduire une chaufferie", process)
        record = kit / "competences" / "maintenance-batiments" / "conduire-la-chaufferie.md"
        record.write_text(record.read_text(encoding="utf-8").replace("titre: Conduire une chaufferie", "titre: Piloter une chaufferie", 1),
                          encoding="utf-8")
        _wait_for(url, "Piloter une chaufferie", process)
        vocabulary = kit / "competences" / "referentiels" / "competences.yml"
        vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
            "libelle: Conduire les installations de chauffage et de ventilation",
            "libelle: Conduire le chauffage et la ventilation des bâtiments", 1), encoding="utf-8")
        _wait_for(url, "Conduire le chauffage et la ventilation des bâtiments", process)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
