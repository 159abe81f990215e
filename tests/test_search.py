"""Search that understands French, in a real browser, on the built example site.

Every browser test waits for the state the search page declares when it is done
(`data-etat` on its container, `aria-busy` on the list, for the query asked), never for a
fixed time, and some run against a server that answers Pagefind's files late.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT, build, copy_kit, serve
from legs.search.quality import NOTHING, WAIT_MS, ask, load_queries, rates, report, shown_links, wait_until_done

# Realistic French queries over the example content, with the record each must find (see the file).
QUERIES = load_queries(ROOT / "tests" / "requetes_recherche.yml")
FOUND = [(q, e) for q, e in QUERIES if e != NOTHING]


def first_results(browser, site_url: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(f"{site_url}recherche/?q={quote(query)}")
    state = wait_until_done(page, query)
    links = shown_links(page)
    status = page.text_content("#legs-recherche-etat")
    page.close()
    assert state != "erreur", (query, status)
    return links


def test_the_queries_people_type_find_their_records(browser, site_url: str) -> None:
    """Elisions, accents, plurals, verb forms, synonyms, acronyms, typos, extra words, no answer."""
    page = browser.new_page()
    outcomes = [ask(page, site_url, query, expected) for query, expected in QUERIES]
    page.close()
    assert len(QUERIES) >= 60
    top5, first = rates(outcomes)
    assert top5 >= 0.95 and first >= 0.85, report(outcomes)


def test_a_record_card_reads_as_separate_words_in_the_results(browser, site_url: str) -> None:
    """The labels and values of a record's card stay apart in the index, so an excerpt reads
    « Transmis par Évelyne Robin », not « Transmis parÉvelyne Robin »."""
    page = browser.new_page()
    page.goto(f"{site_url}recherche/?q={quote('Évelyne')}")
    assert wait_until_done(page, "Évelyne") == "resultats"
    excerpts = page.eval_on_selector_all(".legs-reponse__extrait", "els => els.map(e => e.textContent)")
    page.close()
    assert any("Transmis par Évelyne Robin" in e for e in excerpts), excerpts


def test_grid_results_describe_the_grid_not_its_buttons(browser, site_url: str) -> None:
    """The download links and buttons, the same on every grid, are left out of the index: a grid's
    excerpt says what the grid is for."""
    page = browser.new_page()
    page.goto(f"{site_url}recherche/?q=grille")
    assert wait_until_done(page, "grille") == "resultats"
    results = page.eval_on_selector_all(".legs-reponse", "els => els.map(e => e.textContent)")
    page.close()
    grids = [r for r in results if "Grille" in r and "Télécharger" not in r and "Vos réponses" not in r]
    assert len(grids) >= 3 and not any("Télécharger la grille" in r or "Vos réponses" in r for r in results), results


def test_a_query_that_matches_nothing_says_so_and_offers_to_browse(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}recherche/?q=xylophone")
    assert wait_until_done(page, "xylophone") == "aucun"
    assert page.text_content("#legs-recherche-etat") == "Aucun résultat pour « xylophone »."
    advice = page.text_content(".legs-recherche-page__conseil")
    assert "par compétence" in advice and "Qui sait faire\u202f?" in advice
    page.close()


def test_a_typing_error_gets_a_suggestion_from_the_words_of_the_index(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}recherche/?q=chauferie")
    assert wait_until_done(page, "chauferie") == "resultats"
    advice = page.text_content(".legs-recherche-page__conseil")
    assert advice.startswith("Vouliez-vous dire « chaufferie » ?"), advice
    assert "conduire-la-chaufferie" in shown_links(page)[0]
    page.close()


@pytest.fixture(scope="module")
def slow_site_url(site_interne):
    """The same site, with every file of the search index answered 0.4 s late."""
    server, url = serve(site_interne, slow="/pagefind", delay=0.4)
    yield url
    server.shutdown()


@pytest.mark.parametrize("query, expected", FOUND[:4], ids=[q for q, _ in FOUND[:4]])
def test_a_slow_server_only_makes_the_search_later(browser, slow_site_url: str, query: str, expected: str) -> None:
    links = first_results(browser, slow_site_url, query)
    assert any(f"/competences/{expected}/" in link for link in links[:5]), (query, links[:5])


def test_each_result_says_what_it_is_and_more_results_load_on_demand(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}recherche/?q=agent")
    assert wait_until_done(page, "agent") == "resultats"
    first = page.locator(".legs-reponse").count()
    assert first == 10
    natures = page.eval_on_selector_all(".legs-reponse__nature", "els => els.map(e => e.textContent)")
    assert any(n.startswith("Fiche · ") for n in natures), natures
    # Titles and excerpts are typeset as the pages are: « l’agent », never « l'agent ».
    texts = page.eval_on_selector_all(".legs-reponse__titre, .legs-reponse__extrait", "els => els.map(e => e.textContent)")
    assert any("’" in t for t in texts) and not any(re.search(r"[^\W\d_]'[^\W\d_]", t) for t in texts), texts
    status = page.text_content("#legs-recherche-etat")
    assert status.endswith("résultats pour « agent ».") and page.get_attribute("#legs-recherche-etat", "role") == "status"
    page.click("#legs-recherche-plus")
    wait_until_done(page, "agent")
    page.wait_for_function("n => document.querySelectorAll('.legs-reponse').length > n", arg=first, timeout=WAIT_MS)
    links = shown_links(page)
    assert len(links) == len(set(links)) > first
    # The new results get the keyboard focus.
    assert page.evaluate("() => document.activeElement.closest('.legs-reponse') !== null")
    page.close()


def test_the_query_lives_in_the_address(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}recherche/?q=chaufferie")
    wait_until_done(page, "chaufferie")
    page.fill("#legs-recherche-requete", "mariages")
    page.press("#legs-recherche-requete", "Enter")
    wait_until_done(page, "mariages")
    assert page.url.endswith("?q=mariages")
    page.reload()
    wait_until_done(page, "mariages")
    assert page.input_value("#legs-recherche-requete") == "mariages"
    page.go_back()
    wait_until_done(page, "chaufferie")
    assert page.input_value("#legs-recherche-requete") == "chaufferie"
    page.click("text=Effacer")
    page.wait_for_function("() => document.getElementById('legs-recherche').dataset.etat === 'vide'", timeout=WAIT_MS)
    assert "q=" not in page.url and not shown_links(page)
    page.close()


@pytest.mark.parametrize("server", ["site_url", "slow_site_url"])
def test_the_header_box_shows_the_search_page_in_place(browser, request, server: str) -> None:
    """From another page, the header's box shows the search page in place of the page's content,
    without loading a new page: the same links, address and title as the search page loaded
    anew; back returns to the page as it was, forward to the results."""
    url = request.getfixturevalue(server)
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(f"{url}guide/", wait_until="networkidle")
    # A visitor who does not search loads nothing of the search; one who may search, the engine.
    assert not [a for a in asked if "/pagefind" in a or "/recherche/" in a], asked
    with page.expect_request(lambda r: r.url == f"{url}pagefind/pagefind.js", timeout=WAIT_MS):
        page.focus("#legs-recherche-champ")
    title = page.title()
    page.evaluate("() => { window.legsSameDocument = true; }")
    page.fill("#legs-recherche-champ", "chaufferie")
    page.press("#legs-recherche-champ", "Enter")
    assert wait_until_done(page, "chaufferie") == "resultats"
    assert page.evaluate("() => window.legsSameDocument === true")
    assert page.url == f"{url}recherche/?q=chaufferie" and page.input_value("#legs-recherche-requete") == "chaufferie"
    assert "conduire-la-chaufferie" in shown_links(page)[0]
    links_of = "els => els.map(a => a.href)"
    in_place = page.title(), page.eval_on_selector_all(".md-container a[href]", links_of)

    loaded = browser.new_page()
    loaded.goto(f"{url}recherche/?q=chaufferie")
    wait_until_done(loaded, "chaufferie")
    assert in_place == (loaded.title(), loaded.eval_on_selector_all(".md-container a[href]", links_of))
    loaded.close()

    page.go_back()
    page.wait_for_function("() => !document.getElementById('legs-recherche')", timeout=WAIT_MS)
    assert page.url == f"{url}guide/" and page.title() == title and page.input_value("#legs-recherche-champ") == ""
    assert page.text_content("article h1").startswith("Guide méthodologique")
    page.go_forward()
    assert wait_until_done(page, "chaufferie") == "resultats"
    assert "conduire-la-chaufferie" in shown_links(page)[0]
    assert page.evaluate("() => window.legsSameDocument === true")
    page.close()


def test_on_a_phone_the_first_result_is_on_the_first_screen(browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{site_url}recherche/?q=chaufferie")
    assert wait_until_done(page, "chaufferie") == "resultats"
    box = page.locator(".legs-reponse").first.bounding_box()
    assert box["y"] + box["height"] <= 844, box
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.close()


def test_result_links_open_the_record(browser, site_url: str) -> None:
    link = first_results(browser, site_url, "chaufferie")[0]
    page = browser.new_page()
    response = page.goto(site_url.rstrip("/") + link if link.startswith("/") else link)
    assert response.ok and "Conduire une chaufferie" in page.title()
    page.close()


def test_an_index_that_cannot_load_is_said_in_french(browser, site_interne, tmp_path) -> None:
    """A lot that the server cannot give (here: lots.json names a lot that is not there)."""
    import shutil

    broken = tmp_path / "site"
    shutil.copytree(site_interne, broken)
    (broken / "pagefind" / "lots.json").write_text('["pagefind-absent"]', encoding="utf-8")
    server, url = serve(broken)
    page = browser.new_page()
    page.goto(f"{url}recherche/?q=chaufferie")
    assert wait_until_done(page, "chaufferie") == "erreur"
    assert "n’a pas pu être chargée" in page.text_content("#legs-recherche-etat")
    assert page.locator("a", has_text="par compétence").count()
    page.close()
    server.shutdown()


@pytest.fixture(scope="module")
def nginx_url(site_interne, tmp_path_factory):
    """The site served by nginx set up as the README advises (exemples/nginx-legs.conf)."""
    import subprocess
    import time

    from legs.cli.bench import free_port, get_page

    unpacked = ROOT / ".outils" / "nginx"  # by scripts/installer.sh --tests
    nginx = unpacked / "usr" / "sbin" / "nginx"
    assert nginx.exists(), "nginx manque : lancez bash scripts/installer.sh --tests"
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    # `user root` lets the workers read pytest's private temporary folder when the tests run
    # as root (CI); nginx ignores it, with a warning, otherwise.
    (work / "nginx.conf").write_text(f"""
user root;
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{}}
http {{
    include {unpacked}/etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site_interne};
        include {ROOT}/exemples/nginx-legs.conf;
    }}
}}
""", encoding="utf-8")
    process = subprocess.Popen([str(nginx), "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while get_page(url, timeout=1) is None:  # until nginx serves (or has stopped, its reason in error.log)
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("nginx n'a pas démarré : " + (work / "error.log").read_text(errors="replace")[-1000:])
        time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=30)


def test_nginx_set_as_advised_lets_the_browser_inflate_the_index(browser, site_interne, nginx_url: str) -> None:
    """Pagefind's files go out as they are, labelled gzip; the browser inflates them and the
    search finds the same records (pagefind.js then skips its own, slower, inflating)."""
    import urllib.request

    chunk = next((site_interne / "pagefind" / "index").glob("*.pf_index"))
    with urllib.request.urlopen(f"{nginx_url}pagefind/index/{chunk.name}") as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.read() == chunk.read_bytes()  # sent as written: compressed once, not twice
    with urllib.request.urlopen(f"{nginx_url}recherche/") as response:
        assert response.headers["Content-Encoding"] is None  # the pages themselves are left alone

    page = browser.new_page()
    labelled: list[str] = []
    page.on("response", lambda r: labelled.append(r.url) if r.headers.get("content-encoding") == "gzip" else None)
    query, expected = FOUND[0]
    page.goto(f"{nginx_url}recherche/?q={quote(query)}")
    assert wait_until_done(page, query) == "resultats", page.text_content("#legs-recherche-etat")
    assert any(f"/competences/{expected}/" in link for link in shown_links(page)[:5])
    page.close()
    assert any(url.endswith(".pf_meta") for url in labelled) and any(url.endswith(".pf_index") for url in labelled)
    assert any(url.endswith(".pf_fragment") for url in labelled) and any(url.endswith(".pagefind") for url in labelled)


def test_the_index_holds_the_marked_part_of_pages_only(tmp_path) -> None:
    """Pages are handed to Pagefind while the site builds; pages without the markers are left out."""
    from legs.search import END, START, Indexer

    indexer = Indexer(tmp_path)
    indexer.add("fiche/", f"<nav>Menu</nav>{START}<h1>Chaufferie</h1><p>Purger le réseau.</p>{END}")
    indexer.add("liste/", "<h1>Liste</h1><p>Toutes les fiches.</p>")
    indexer.finish()
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["fr"]["page_count"] == 1
    assert json.loads((tmp_path / "pagefind" / "lots.json").read_text()) == []


def test_cells_and_definitions_stay_separate_words(tmp_path) -> None:
    """Pagefind runs together two table cells, or a term and its definition, written without a
    blank between them (as the grids and the record cards are): the indexer keeps them apart."""
    from legs.search import END, START, Indexer

    indexer = Indexer(tmp_path)
    indexer.add("grille/", f"{START}<table><tr><th>Action</th><th>Qui</th></tr><tr><td>Purger</td><td>Agent</td></tr></table>"
                           f"<dl><div><dt>Transmis par</dt><dd>Évelyne Robin</dd></div></dl>{END}")
    indexer.finish()
    [fragment] = (tmp_path / "pagefind" / "fragment").iterdir()
    text = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["content"]
    assert "Action Qui" in text and "Transmis par Évelyne Robin" in text and "PurgerAgent" not in text, text


def test_a_large_index_is_cut_into_lots(tmp_path) -> None:
    """Pagefind holds every word in memory: past a size, the index is written in several lots."""
    from legs.search import END, START, Indexer

    indexer = Indexer(tmp_path, lot_size=2)
    for n in range(5):
        indexer.add(f"fiche-{n}/", f"{START}<h1>Fiche {n}</h1><p>Texte de la fiche {n}.</p>{END}")
    indexer.finish()
    lots = json.loads((tmp_path / "pagefind" / "lots.json").read_text())
    assert lots == ["pagefind-2", "pagefind-3"]
    counts = [json.loads((tmp_path / lot / "pagefind-entry.json").read_text())["languages"]["fr"]["page_count"]
              for lot in ["pagefind", *lots]]
    assert counts == [2, 2, 1]


def test_every_lot_is_written_whole_every_time(tmp_path) -> None:
    """The index files come back from Pagefind and are written by the kit, then checked."""
    from legs.search import END, START, Indexer, check_lots

    for attempt in range(5):
        out = tmp_path / str(attempt)
        indexer = Indexer(out, lot_size=3)
        for n in range(10):
            indexer.add(f"fiche-{n}/", f"{START}<h1>Fiche {n}</h1><p>Chaufferie numéro {n}, réseau et purge.</p>{END}")
        indexer.finish()
        assert check_lots(out) == []
        files = [f for f in out.rglob("*") if f.is_file()]
        assert files and all(f.stat().st_size > 0 for f in files)


def test_a_damaged_lot_is_found_after_the_build(tmp_path) -> None:
    from legs.search import END, START, Indexer, check_lots

    indexer = Indexer(tmp_path, lot_size=2)
    for n in range(4):
        indexer.add(f"fiche-{n}/", f"{START}<h1>Fiche {n}</h1><p>Texte {n}.</p>{END}")
    indexer.finish()
    next((tmp_path / "pagefind-2" / "fragment").iterdir()).write_bytes(b"")
    problems = check_lots(tmp_path)
    assert len(problems) == 1 and "pagefind-2" in problems[0] and "vide" in problems[0]
    (tmp_path / "pagefind" / "pagefind-entry.json").write_text("{", encoding="utf-8")
    assert any("pagefind-entry.json" in p for p in check_lots(tmp_path))


def _lot_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_index_built_in_its_own_process_is_the_same(tmp_path) -> None:
    """A one-off build hands its pages to an indexer in another process (search/process.py):
    the lots it writes are those the build's own process would have written, and the files it
    writes are known to the site's folder, which keeps them at the next build."""
    from legs.incremental.output import SiteFolder
    from legs.search import END, START, Indexer
    from legs.search.process import IndexerProcess

    pages = [(f"fiche-{n}/", f"{START}<h1>Fiche {n}</h1><p>Chaufferie numéro {n}, l'agent purge le réseau.</p>{END}")
             for n in range(7)]
    here = Indexer(tmp_path / "ici", lot_size=3)
    site = SiteFolder(tmp_path / "cache", tmp_path / "ailleurs")
    apart = IndexerProcess().start(Indexer(tmp_path / "ailleurs", lot_size=3, site=site))
    for url, html in pages:
        here.add(url, html)
        apart.add_fragment(url, Indexer.marked_part(html))
    here.finish()
    apart.finish()
    apart.end(kept=True)
    assert not apart._process.is_alive()
    assert _lot_files(tmp_path / "ailleurs") == _lot_files(tmp_path / "ici")
    from_pagefind = {p for p in _lot_files(tmp_path / "ailleurs") if p != "pagefind/lots.json" and "/mots/" not in p}
    assert set(site.keys) == from_pagefind and "pagefind-3/pagefind-entry.json" in from_pagefind


def test_a_failure_in_the_index_process_stops_the_build_with_its_message(tmp_path, monkeypatch) -> None:
    """The build is told what went wrong, in French, and never waits for a process that is gone."""
    from mkdocs.exceptions import PluginError

    from legs.search import END, START, Indexer, index
    from legs.search.process import STOPPED, IndexerProcess

    page = f"{START}<h1>Fiche</h1><p>Texte.</p>{END}"
    monkeypatch.setattr(index, "get_executable", lambda: None)  # in the forked process too
    missing = IndexerProcess().start(Indexer(tmp_path / "sans-pagefind"))
    missing.add_fragment("fiche/", page)
    with pytest.raises(PluginError, match="Le programme Pagefind est introuvable"):
        missing.finish()
    missing.close()
    monkeypatch.undo()

    monkeypatch.setattr(Indexer, "add_fragment", lambda *args: os._exit(3))
    gone = IndexerProcess().start(Indexer(tmp_path / "arrete"))
    with pytest.raises(PluginError) as stopped:
        for n in range(2 * 256):  # past the point where the build looks at the process
            gone.add_fragment(f"fiche-{n}/", page)
        gone.finish()
    assert str(stopped.value) == STOPPED
    gone.close()
    assert not gone._process.is_alive()


@pytest.fixture(scope="module")
def lotted_site_url(tmp_path_factory):
    """The example site with its index cut into lots of 8 pages, as a very large site would be."""
    kit = copy_kit(tmp_path_factory.mktemp("lots") / "depot")
    site = build(kit, kit / "site", env={"LEGS_RECHERCHE_LOT": "8", "LEGS_PDF": "false"})
    assert len(json.loads((site / "pagefind" / "lots.json").read_text())) >= 2
    server, url = serve(site, slow="/pagefind", delay=0.2)
    yield url
    server.shutdown()


def test_an_index_in_several_lots_is_searched_whole(browser, lotted_site_url: str) -> None:
    page = browser.new_page()
    found = []
    for query, expected in FOUND[:6]:
        page.goto(f"{lotted_site_url}recherche/?q={quote(query)}")
        assert wait_until_done(page, query) == "resultats"
        while page.is_visible("#legs-recherche-plus"):
            count = page.locator(".legs-reponse").count()
            page.click("#legs-recherche-plus")
            page.wait_for_function("n => document.querySelectorAll('.legs-reponse').length > n", arg=count, timeout=WAIT_MS)
            wait_until_done(page, query)
        found.append(any(f"/competences/{expected}/" in link for link in shown_links(page)))
    page.close()
    assert all(found), found


def test_lots_are_cut_even_and_stay_the_same_for_a_few_pages_more() -> None:
    from legs.search.index import even_lot_size

    assert even_lot_size(900, 2500) == 2500  # one index: the best ranking
    assert even_lot_size(10_438, 2500) == 2100  # five lots of 2,100 (the last 2,038), not a last lot of 438
    assert even_lot_size(10_438, 2500) == even_lot_size(10_450, 2500)  # the next build can reuse the lots
    assert even_lot_size(2501, 2500) == 1300
    for pages in range(1, 12_000, 7):
        size = even_lot_size(pages, 2500)
        lots = -(-pages // size)
        assert size <= 2500 and lots == -(-pages // 2500), pages  # as few lots as the largest allows
        assert pages - (lots - 1) * size > 0
