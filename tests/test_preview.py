"""`legs servir`: the preview follows a saved record, not only the files of docs/; a record whose
text alone changed is rendered alone, exactly as a full build renders it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from legs.cli.bench import free_port, get_page

WAIT_S = 180  # an upper bound for a loaded machine: each wait ends as soon as the state is reached
RECORD = Path("competences") / "maintenance-batiments" / "conduire-la-chaufferie.md"
ALONE = "seule la page de « competences/maintenance-batiments/conduire-la-chaufferie.md » a été refaite"
BUILT = "Site construit en"


class Server:
    """`legs servir` on a copy of the kit; its messages go to a file (a full pipe would block it)."""

    def __init__(self, kit: Path, search: bool = False) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = tempfile.TemporaryFile()
        env = dict(os.environ, LEGS_PDF="false", LEGS_RECHERCHE="true" if search else "false")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "legs.cli", "--depot", str(kit), "servir", "--adresse", f"127.0.0.1:{self.port}"],
            cwd=kit, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def messages(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", errors="replace")

    def get(self, path: str) -> str | None:
        return get_page(f"http://127.0.0.1:{self.port}/{path}", timeout=10)

    def wait(self, condition, what: str):
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.messages()
            result = condition()
            if result:
                return result
            time.sleep(0.2)  # polling interval, not a wait for a state
        raise AssertionError(f"{what} : jamais arrivé.\n{self.messages()[-3000:]}")

    def wait_for(self, path: str, text: str) -> str:
        return self.wait(lambda: (page := self.get(path)) is not None and text in page and page, f"« {text} » sur {path}")

    def wait_message(self, text: str, count: int = 1) -> None:
        self.wait(lambda: self.messages().count(text) >= count, f"{count} fois le message « {text} »")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def server(kit: Path):
    running = Server(kit)
    yield running
    running.stop()


def _without_reload_script(page: str) -> str:
    """The page as built: the server adds a script naming the build's time to every page it serves."""
    return re.sub(r"<script>[^<]*livereload[^<]*</script>(?=</body>)", "", page)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_saved_record_and_a_saved_vocabulary_show_in_the_preview(kit: Path, server: Server) -> None:
    url = "competences/maintenance-batiments/conduire-la-chaufferie/"
    server.wait_for(url, "Conduire une chaufferie")
    _edit(kit / RECORD, "titre: Conduire une chaufferie", "titre: Piloter une chaufferie")
    server.wait_for(url, "Piloter une chaufferie")
    vocabulary = kit / "competences" / "referentiels" / "competences.yml"
    _edit(vocabulary, "libelle: Conduire les installations de chauffage et de ventilation",
          "libelle: Conduire le chauffage et la ventilation des bâtiments")
    server.wait_for(url, "Conduire le chauffage et la ventilation des bâtiments")
    # A front matter and a vocabulary change the listings too: the whole site was rebuilt.
    assert ALONE not in server.messages()


def test_a_record_whose_text_alone_changed_is_rendered_alone_as_a_full_build_would(kit: Path, server: Server) -> None:
    url = "competences/maintenance-batiments/conduire-la-chaufferie/"
    server.wait_for(url, "Conduire une chaufferie")
    server.wait_message(BUILT)
    _edit(kit / RECORD, "## Contexte\n", "## Contexte\n\nUne phrase ajoutée pendant la relecture, avec du *relief*.\n")
    alone = _without_reload_script(server.wait_for(url, "Une phrase ajoutée pendant la relecture"))
    assert server.messages().count(ALONE) == 1 and server.messages().count(BUILT) == 1
    # Any other file rebuilds everything: the page it gives is the one rendered alone.
    os.utime(kit / "docs" / "index.md")
    server.wait_message(BUILT, 2)
    full = _without_reload_script(server.wait_for(url, "Une phrase ajoutée pendant la relecture"))
    assert "livereload" not in full and full == alone


def test_a_record_with_errors_shows_them_at_its_address_until_it_is_corrected(kit: Path, server: Server) -> None:
    """The validator's rules hold in the preview: a saved record with errors is not shown, its
    page gives the messages (escaped), and the corrected record comes back on its own."""
    url = "competences/maintenance-batiments/conduire-la-chaufferie/"
    server.wait_for(url, "Conduire une chaufferie")
    _edit(kit / RECORD, "## Contexte\n", "## Contexte\n\n<img src=x onerror=alert(1)>\n")
    page = server.wait_for(url, "Fiche à corriger")
    assert "competences/maintenance-batiments/conduire-la-chaufferie.md" in page
    assert re.search(r'Ligne \d+\s:\s<a href="../../../contribuer/regles/#lg\d+">LG\d+</a>', page), page
    assert "<img src=x" not in page and "onerror=alert(1)>" not in page
    _edit(kit / RECORD, "<img src=x onerror=alert(1)>", "Une image retirée, une phrase à la place.")
    page = server.wait_for(url, "Une image retirée, une phrase à la place.")
    assert "onerror" not in page and "Fiche à corriger" not in page
    assert server.messages().count(BUILT) == 1  # neither the error nor its correction rebuilt the site


def test_a_record_not_yet_published_is_shown_by_the_preview_only_and_follows_its_saves(kit: Path, server: Server) -> None:
    """A senior writes a draft: the preview shows it at its future address, says it is not
    published, lists it nowhere; the built site still leaves it out (test_site.py)."""
    url = "competences/maintenance-batiments/suivre-un-chantier/"
    page = server.wait_for(url, "Fiche non publiée")
    assert "Suivre un chantier" in page
    circle = server.wait_for("competences/maintenance-batiments/", "Conduire une chaufferie")
    assert "suivre-un-chantier" not in circle
    assert "<!--legs-recherche-->" not in page  # the search of the preview does not find it either
    _edit(kit / "competences" / "maintenance-batiments" / "suivre-un-chantier.md", "## Contexte\n",
          "## Contexte\n\nUne phrase écrite dans le brouillon.\n")
    server.wait_for(url, "Une phrase écrite dans le brouillon.")
    assert "seule la page de « competences/maintenance-batiments/suivre-un-chantier.md » a été refaite" in server.messages()


def test_a_record_replaced_by_a_symbolic_link_is_refused_not_read(kit: Path, server: Server, tmp_path: Path) -> None:
    """A branch checked out while the preview runs may turn a record into a link to any file of
    the machine: the preview never reads through it, the full build refuses it."""
    url = "competences/maintenance-batiments/conduire-la-chaufferie/"
    server.wait_for(url, "Conduire une chaufferie")
    secret = tmp_path / "secret.md"
    secret.write_text((kit / RECORD).read_text(encoding="utf-8").replace("## Contexte\n", "## Contexte\n\nTexte secret hors du dépôt.\n"),
                      encoding="utf-8")
    (kit / RECORD).unlink()
    (kit / RECORD).symlink_to(secret)
    server.wait_message("Le contenu contient des erreurs")
    assert "LG" in server.messages() and ALONE not in server.messages()
    assert "Texte secret hors du dépôt" not in (server.get(url) or "") + server.messages()


def test_the_search_of_the_preview_finds_the_new_text_of_a_record_rendered_alone(kit: Path, browser) -> None:
    from legs.search.quality import shown_links, wait_until_done

    def search(query: str) -> list[str]:
        page = browser.new_page()
        page.goto(f"{server.url}recherche/?q={query}")
        state = wait_until_done(page, query)
        links = shown_links(page)
        page.close()
        assert state != "erreur"
        return links

    server = Server(kit, search=True)
    try:
        url = "competences/maintenance-batiments/conduire-la-chaufferie/"
        server.wait_for(url, "Conduire une chaufferie")
        assert search("zygomorphe") == []
        _edit(kit / RECORD, "## Contexte\n", "## Contexte\n\nLe robinet zygomorphe se ferme en dernier.\n")
        server.wait_for(url, "Le robinet zygomorphe se ferme en dernier.")
        server.wait_message("Aperçu : la recherche trouve le nouveau texte.")
        assert search("zygomorphe") == ["/" + url]
        assert ALONE in server.messages() and server.messages().count(BUILT) == 1
    finally:
        server.stop()
