"""Shared fixtures: a throw-away copy of the kit, and the example site built once per run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KIT_PARTS = ("mkdocs.yml", "docs", "overrides", "competences")
TODAY = dt.date(2026, 11, 22)


def copy_kit(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for part in KIT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


def run_legs(repo: Path, *args: str, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "legs.cli", "--depot", str(repo), *args], cwd=repo,
                            capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"legs {' '.join(args)} a échoué ({result.returncode}) :\n{result.stdout}\n{result.stderr}")
    return result


def build(repo: Path, out: Path, profile: str = "interne", env: dict | None = None) -> Path:
    run_legs(repo, "construire", "--profil", profile, "--dossier", str(out), env=env, check=True)
    return out


def git_add_forced(root: Path, relative: str) -> None:
    """Make `root` a git repository tracking `relative`, ignored or not: what a contributor does
    to put an ignored file in a proposal (git add -f)."""
    for command in (["init", "-q"], ["add", "-f", relative]):
        subprocess.run(["git", "-C", str(root), *command], check=True, capture_output=True)


def minimal_repo(root: Path, circle: str, record: str | None = None, config: bool = False) -> Path:
    """The smallest repository the validator reads: the example vocabularies and registry, and
    one circle « essai » (with one record « tri » if given, and mkdocs.yml if asked)."""
    (root / "competences").mkdir(parents=True)
    shutil.copytree(ROOT / "competences" / "referentiels", root / "competences" / "referentiels")
    shutil.copy2(ROOT / "competences" / "personnes.yml", root / "competences" / "personnes.yml")
    if config:
        shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "competences" / "essai").mkdir()
    (root / "competences" / "essai" / "index.md").write_text(circle, encoding="utf-8")
    if record is not None:
        (root / "competences" / "essai" / "tri.md").write_text(record, encoding="utf-8")
    return root


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    """A copy of the whole kit with its example content, free to modify."""
    return copy_kit(tmp_path / "depot")


@pytest.fixture(scope="session")
def site_interne(tmp_path_factory) -> Path:
    return build(ROOT, tmp_path_factory.mktemp("site") / "interne")


@pytest.fixture(scope="session")
def site_public(tmp_path_factory) -> Path:
    return build(ROOT, tmp_path_factory.mktemp("site") / "publique", profile="publique")


def built_text(site: Path) -> str:
    """Every text file of a built site, concatenated (HTML, search index, sitemap…)."""
    parts = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".js", ".txt", ".csv", ".svg"}:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


# --- A real browser: Debian's Chromium driven by Playwright -------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def serve(directory: Path, slow: str = "", delay: float = 0.0):
    """Serve a built site on a free port of the loopback interface; returns (server, base URL).

    Files whose path starts with `slow` are answered `delay` seconds late: a loaded machine or
    a distant intranet server, for tests that must wait for the right state, not for a time.
    """
    import functools
    import http.server
    import threading
    import time

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output readable
            pass

        def do_GET(self) -> None:
            if slow and self.path.startswith(slow):
                time.sleep(delay)
            super().do_GET()

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            # A browser that leaves a page drops its pending requests: not an error of the site.
            if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site_url(site_interne):
    server, url = serve(site_interne)
    yield url
    server.shutdown()
