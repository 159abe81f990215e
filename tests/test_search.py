"""Search that understands French, in a real browser, on the built example site."""

from __future__ import annotations

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
