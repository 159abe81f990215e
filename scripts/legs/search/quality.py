"""How well the search finds what agents type: recall in the first five, and first rank.

`legs mesurer-recherche` builds the site (without PDFs) in a temporary folder, serves it on
the loopback interface, types each query of the list in the search page of a real browser
(Chromium) and prints, for each query, the rank of the record it must find, then the two
rates. A query whose expected record is « aucune » must get the page's « nothing matches »
answer. The tests use the same functions on the site they build.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

NOTHING = "aucune"
DONE = ("resultats", "aucun", "erreur")
WAIT_MS = 60_000  # an upper bound for a loaded machine: the wait ends as soon as the page is done


@dataclass(frozen=True)
class Outcome:
    query: str
    expected: str
    rank: int | None  # 1-based rank of the expected record among the results shown; 1 for a right « nothing »
    state: str


def load_queries(path: Path) -> list[tuple[str, str]]:
    return [(str(query), str(expected)) for query, expected in yaml.safe_load(path.read_text(encoding="utf-8"))["requetes"]]


def wait_until_done(page, query: str) -> str:
    """Wait for the search page to have finished with `query` (the state it declares); returns that state."""
    page.wait_for_function(
        """([query, done]) => {
            const box = document.getElementById('legs-recherche');
            const list = document.getElementById('legs-recherche-resultats');
            return box && box.dataset.requete === query && done.includes(box.dataset.etat)
                && list.getAttribute('aria-busy') === 'false';
        }""", arg=[query, list(DONE)], timeout=WAIT_MS)
    return page.get_attribute("#legs-recherche", "data-etat")


def shown_links(page) -> list[str]:
    return page.eval_on_selector_all(".legs-reponse__titre a", "els => els.map(e => e.getAttribute('href'))")


def ask(page, base_url: str, query: str, expected: str) -> Outcome:
    page.goto(f"{base_url}recherche/?q={quote(query)}")
    state = wait_until_done(page, query)
    if expected == NOTHING:
        return Outcome(query, expected, 1 if state == "aucun" else None, state)
    links = shown_links(page)
    rank = next((i + 1 for i, link in enumerate(links) if f"/competences/{expected}/" in link), None)
    return Outcome(query, expected, rank, state)


def rates(outcomes: list[Outcome]) -> tuple[float, float]:
    """(share found in the first five, share found first)."""
    total = len(outcomes) or 1
    return (sum(o.rank is not None and o.rank <= 5 for o in outcomes) / total,
            sum(o.rank == 1 for o in outcomes) / total)


def report(outcomes: list[Outcome]) -> str:
    lines = [f"{'—' if o.rank is None else o.rank:>3}  {o.query}  →  {o.expected}" for o in outcomes]
    top5, first = rates(outcomes)
    lines.append(f"{len(outcomes)} requêtes : {top5:.0%} trouvées dans les cinq premiers résultats, "
                 f"{first:.0%} au premier rang.".replace("%", "\u00a0%"))
    return "\n".join(lines)


def _serve(site: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def run(root: Path, queries_file: Path, site: Path | None = None) -> str:
    """The report for the queries of `queries_file`, on `site` or on the site built from `root`."""
    queries = load_queries(queries_file)
    if site is not None:
        return report(evaluate(site, queries))
    with tempfile.TemporaryDirectory(prefix="legs-recherche-") as tmp:
        built = Path(tmp) / "site"
        env = dict(os.environ, LEGS_PDF="false", NO_MKDOCS_2_WARNING="1")
        subprocess.run([sys.executable, "-m", "legs.cli", "--depot", str(root), "construire", "--dossier", str(built)],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        return report(evaluate(built, queries))


def evaluate(site: Path, queries: list[tuple[str, str]]) -> list[Outcome]:
    from playwright.sync_api import sync_playwright

    server, url = _serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            outcomes = [ask(page, url, query, expected) for query, expected in queries]
            browser.close()
    finally:
        server.shutdown()
    return outcomes
