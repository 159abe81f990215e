"""Search that understands French, in a real browser, on the built example site."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

# (query, a record each query must find). Queries mix elisions, missing accents and plurals.
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


def results_for(browser, site_url: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(f"{site_url}recherche/?q={quote(query)}")
    page.wait_for_selector(".pagefind-ui__result-link, .pagefind-ui__message", timeout=20_000)
    page.wait_for_function("() => !document.querySelector('.pagefind-ui__loading')", timeout=20_000)
    page.wait_for_timeout(300)
    # Every result, not only the first page: with several index lots, the order is per lot.
    while page.locator(".pagefind-ui__button").count():
        page.click(".pagefind-ui__button")
        page.wait_for_timeout(200)
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))")
    page.close()
    return links


@pytest.mark.parametrize("query, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_french_queries_find_their_records(browser, site_url: str, query: str, expected: str) -> None:
    links = results_for(browser, site_url, query)
    assert any(f"/competences/{expected}/" in link for link in links), (query, links)


def test_result_links_open_the_record(browser, site_url: str) -> None:
    link = results_for(browser, site_url, "chaufferie")[0]
    page = browser.new_page()
    response = page.goto(site_url.rstrip("/") + link if link.startswith("/") else link)
    assert response.ok and "Conduire une chaufferie" in page.title()
    page.close()



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


def test_the_example_site_is_searched_across_several_lots(site_interne) -> None:
    """The test site is built with small lots, so the queries above exercise their merging."""
    lots = json.loads((site_interne / "pagefind" / "lots.json").read_text())
    assert len(lots) >= 2 and all((site_interne / lot / "pagefind-entry.json").is_file() for lot in lots)
