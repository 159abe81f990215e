"""Search that understands French, in a real browser, on the built example site.

Every browser test waits for the state the search page declares when it is done
(`data-etat` on its container, `aria-busy` on the list, for the query asked), never for a
fixed time, and some run against a server that answers Pagefind's files late.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from conftest import build, copy_kit, serve

# (query, a record each query must find in the first five results). Queries mix elisions,
# missing accents and plurals.
QUERIES = [
    ("chaufferie", "maintenance-batiments/conduire-la-chaufferie"),
    ("legionelle", "maintenance-batiments/conduire-la-chaufferie"),
    ("l'équipement", "maintenance-batiments/organiser-la-maintenance-preventive"),
    ("equipements", "maintenance-batiments/organiser-la-maintenance-preventive"),
    ("elimination", "archives/trier-et-eliminer-les-dossiers"),
    ("éliminations", "archives/trier-et-eliminer-les-dossiers"),
    ("l'archiviste", "archives/preparer-un-versement"),
    ("bordereaux", "archives/preparer-un-versement"),
    ("marches publics", "commande-publique/rediger-un-dce-sans-oubli"),
    ("penalite", "commande-publique/rediger-un-dce-sans-oubli"),
    ("référé précontractuel", "commande-publique/analyser-les-offres-sans-contentieux"),
    ("retraite CNRACL", "paie-hospitaliere/constituer-un-dossier-de-retraite"),
    ("l'agent colere", "etat-civil-accueil/accueillir-une-personne-en-colere"),
    ("mariages", "etat-civil-accueil/preparer-un-mariage-et-un-pacs"),
    ("congés été", "paie-hospitaliere/construire-le-planning-annuel"),
    ("jusqu’à l’agent", "etat-civil-accueil/accueillir-une-personne-en-colere"),
    ("planning annuel", "paie-hospitaliere/construire-le-planning-annuel"),
]
DONE = ("resultats", "aucun", "erreur")
WAIT_MS = 60_000  # an upper bound for a loaded machine, not a delay: waits end as soon as the page is done


def wait_until_done(page, query: str) -> str:
    """Wait for the search page to have finished with `query`; returns its final state."""
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


def first_results(browser, site_url: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(f"{site_url}recherche/?q={quote(query)}")
    state = wait_until_done(page, query)
    links = shown_links(page)
    status = page.text_content("#legs-recherche-etat")
    page.close()
    assert state != "erreur", (query, status)
    return links


@pytest.mark.parametrize("query, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_french_queries_find_their_records_in_the_first_five(browser, site_url: str, query: str, expected: str) -> None:
    links = first_results(browser, site_url, query)
    assert any(f"/competences/{expected}/" in link for link in links[:5]), (query, links[:5])


@pytest.fixture(scope="module")
def slow_site_url(site_interne):
    """The same site, with every file of the search index answered 0.4 s late."""
    server, url = serve(site_interne, slow="/pagefind", delay=0.4)
    yield url
    server.shutdown()


@pytest.mark.parametrize("query, expected", QUERIES[:4], ids=[q for q, _ in QUERIES[:4]])
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
    status = page.text_content("#legs-recherche-etat")
    assert status.endswith("résultats pour « agent ».") and page.get_attribute("#legs-recherche-etat", "role") == "status"
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
    assert "n'a pas pu être chargée" in page.text_content("#legs-recherche-etat")
    assert page.locator("a", has_text="par compétence").count()
    page.close()
    server.shutdown()


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
    for query, expected in QUERIES[:6]:
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
