"""Steering pages (issues 12 and 13): charts that read well, each with the table of its figures,
the « inconnu » risk level, French numbers, and the careers and retention indicator."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, run_legs
from legs import corpus
from legs.content.settings import Settings
from legs.corpus.tracking_file import Careers, Period
from legs.pages import steering as pages
from legs.steering import charts, figures, risk
from legs.text.french import NBSP, NNBSP

TODAY = dt.date(2026, 11, 22)
SVG = "{http://www.w3.org/2000/svg}"

CAREERS = """periodes:
  - periode: T1 2027
    binomes: 3
    services_engages: 2
    reponses: 6
    satisfaits: 5
    parcours:
      successeurs_suivis: 6
      toujours_en_poste: 5
      evolutions: 2
      departs: 3
      departs_avec_successeur: 2
  - periode: T2 2027
    binomes: 1
    services_engages: 1
    reponses: 0
    satisfaits: 0
"""


def load(root: Path) -> corpus.Corpus:
    return corpus.load(Settings.load(root), today=TODAY)


def figures_of(content: str) -> list[ET.Element]:
    """Each chart block of a generated page (one line of raw HTML each), parsed."""
    return [ET.fromstring(line) for line in content.splitlines() if line.startswith('<div class="legs-figure">')]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def check_figure(block: ET.Element) -> tuple[str, list[str]]:
    """A chart has a visible title, a name for screen readers and axis labels; a table with the same
    title as caption, column and row headers, follows it. Returns the title and the SVG's texts."""
    svg = block.find(f".//{SVG}svg")
    table = block.find("table")
    assert svg is not None and table is not None
    title = text_of(svg.find(f"{SVG}title"))
    texts = [text_of(t) for t in svg.iter(f"{SVG}text")]
    assert title in texts, "the title is drawn, not only given to screen readers"
    assert svg.get("role") == "img" and svg.get("aria-labelledby")
    assert text_of(table.find("caption")).startswith(title)
    assert all(th.get("scope") == "col" for th in table.find("thead").iter("th"))
    assert all(tr.find("th").get("scope") == "row" for tr in table.find("tbody").iter("tr"))
    return title, texts


def test_each_chart_of_the_indicators_page_has_a_title_axes_and_its_table() -> None:
    page, problems = pages.indicators_page(load(ROOT))
    assert problems == []
    blocks = figures_of(page.content)
    assert len(blocks) == 5  # pairs, services, satisfaction, retention, departures prepared
    for block in blocks:
        title, texts = check_figure(block)
        assert "Période" in texts, title
        assert any(axis in texts for axis in ("Nombre de binômes", "Nombre de services", "Part des réponses satisfaites (%)",
                                              "Part des successeurs suivis (%)", "Part des départs de passeurs (%)")), title
        # The figures written above the bars are those of the table.
        cells = {text_of(td) for td in block.iter("td")}
        bars = [t for t in texts if re.fullmatch(r"[\d\u202f,]+(\u00a0%)?", t)]
        values = bars[3:]  # the first three are the ticks of the value axis
        assert values and set(values) <= cells, (title, values, cells)


def test_the_risk_matrix_has_axes_a_legend_and_its_table() -> None:
    page = pages.risk_page(load(ROOT))
    [block] = figures_of(page.content)
    title, texts = check_figure(block)
    assert title == "Matrice des risques de perte de savoir"
    assert any(t.startswith("Facteur de départ") for t in texts) and any(t.startswith("Facteur de poste") for t in texts)
    for legend in charts.LEVEL_LEGENDS.values():
        assert legend in texts
    table = block.find("table")
    assert [text_of(th) for th in table.find("thead").iter("th")][-1] == "Départ inconnu"
    rows = {text_of(tr.find("th")): [text_of(td) for td in tr.iter("td")] for tr in table.find("tbody").iter("tr")}
    assert rows["Poste 4"][4] == "7 (élevé)"
    assert "7" in texts  # the same count in the cell of the drawing


def test_a_critical_rare_know_how_with_no_departure_date_is_of_unknown_risk(kit: Path) -> None:
    people = kit / "competences" / "personnes.yml"
    text = people.read_text(encoding="utf-8")
    # Alain Henry holds a critical, unique know-how; his departure date is taken away.
    people.write_text(text.replace("    service: Services techniques\n    depart_prevu: 2027-09-30\n",
                                   "    service: Services techniques\n"), encoding="utf-8")
    loaded = load(kit)
    found = {r.record.author: r for r in risk.record_risks(loaded)}
    assert found["ahenry"].level == "inconnu" and found["ahenry"].position == 5
    content = pages.risk_page(loaded).content
    assert "<td>non renseigné</td>\n<td>5 × ?</td>\n<td>—</td>\n<td>inconnu</td>" in content
    table = figures_of(content)[0].find("table")
    rows = {text_of(tr.find("th")): [text_of(td) for td in tr.iter("td")] for tr in table.find("tbody").iter("tr")}
    assert rows["Poste 5"][-1] == "2 (inconnu)" and rows["Poste 5"][4] == "0"
    # The competence takes the level of its most pressing record, unknown before moderate.
    assert re.search(r"\| Conduire les installations de chauffage et de ventilation \| [^|]+ \| 1 \| — \| inconnu \|", content)


def test_unknown_only_when_a_departure_soon_would_make_the_risk_high() -> None:
    record = SimpleNamespace(criticality="critique", rarity="unique", successors=[], title="t")
    assert risk.RecordRisk(record, None, 5, 1).level == "inconnu"
    assert risk.RecordRisk(record, dt.date(2040, 1, 1), 5, 1).level == "faible"  # known, far away: low
    common = SimpleNamespace(criticality="moyenne", rarity="courante", successors=[], title="t")
    assert risk.RecordRisk(common, None, 2, 1).level == "faible"  # even leaving soon, it would not be high
    assert risk.rank("inconnu") > risk.rank("moyen") and risk.rank("élevé") > risk.rank("inconnu")


def test_figures_are_written_the_french_way() -> None:
    periods = [Period("T1 2027", 1234, 2, 3, 2), Period("T2 2027", 5, 1, 6, 5)]
    blocks = [ET.fromstring(line) for line in figures.period_figures(periods) if line.startswith("<div")]
    pairs, _, satisfaction = ("".join(b.itertext()) for b in blocks)
    assert f"1{NNBSP}234" in pairs and "1234" not in pairs
    assert f"66,7{NBSP}%" in satisfaction and f"83,3{NBSP}%" in satisfaction and "66.7" not in satisfaction
    assert f"100{NBSP}%" in satisfaction  # the top of the axis


def test_the_careers_indicator_is_computed_from_the_tracking_file(kit: Path) -> None:
    (kit / "competences" / "suivi.yml").write_text(CAREERS, encoding="utf-8")
    page, problems = pages.indicators_page(load(kit))
    assert problems == []
    section = page.content.split("### Parcours professionnels et fidélisation")[1].split("### Retours")[0]
    retention, departures = figures_of(section)
    rows = {text_of(tr.find("th")): [text_of(td) for td in tr.iter("td")] for tr in retention.iter("tr") if tr.find("td") is not None}
    assert rows == {"T1 2027": ["6", "5", f"83,3{NBSP}%", "2", f"33,3{NBSP}%"]}  # T2 2027 has no « parcours »
    rows = {text_of(tr.find("th")): [text_of(td) for td in tr.iter("td")] for tr in departures.iter("tr") if tr.find("td") is not None}
    assert rows == {"T1 2027": ["3", "2", f"66,7{NBSP}%"]}
    assert Careers(0, 0, 0, 0, 0).retention_rate is None  # nobody followed: no rate, not 0 %


def test_a_period_without_careers_figures_says_how_to_add_them(kit: Path) -> None:
    (kit / "competences" / "suivi.yml").write_text(CAREERS.split("    parcours:")[0] + "  - periode: T2 2027\n"
                                                   "    binomes: 1\n    services_engages: 1\n    reponses: 0\n    satisfaits: 0\n",
                                                   encoding="utf-8")
    page, problems = pages.indicators_page(load(kit))
    assert problems == [] and "ajoutez un bloc « parcours »" in page.content


@pytest.mark.parametrize(("change", "line", "code", "words"), [
    (("toujours_en_poste: 5", "toujours_en_poste: 7"), 9, "LG210", ["periodes.parcours.toujours_en_poste", "7 dépasse « successeurs_suivis » (6)", "T1 2027"]),
    (("departs_avec_successeur: 2", "departs_avec_successeur: 4"), 12, "LG210", ["departs_avec_successeur", "4 dépasse « departs » (3)"]),
    (("satisfaits: 5", "satisfaits: 9"), 6, "LG210", ["9 dépasse « reponses » (6)"]),
    (("      evolutions: 2\n", ""), 7, "LG206", ["« evolutions » manque"]),
    (("evolutions: 2", "evolution: 2"), 10, "LG207", ["vouliez-vous dire « evolutions »"]),
])
def test_wrong_careers_figures_are_reported_in_french(kit: Path, change, line, code, words) -> None:
    (kit / "competences" / "suivi.yml").write_text(CAREERS.replace(*change), encoding="utf-8")
    result = run_legs(kit, "valider")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [message] = [m for m in result.stdout.splitlines() if "suivi.yml" in m]
    assert message.startswith(f"competences/suivi.yml:{line}: {code} ")
    for word in words:
        assert word in message


def test_hostile_labels_are_escaped_in_charts_and_tables(kit: Path) -> None:
    hostile = "<script>alert(1)</script> & \"'"
    (kit / "competences" / "suivi.yml").write_text(CAREERS.replace("T1 2027", json.dumps(hostile)), encoding="utf-8")
    page, problems = pages.indicators_page(load(kit))
    assert problems == [] and "<script>" not in page.content
    for block in figures_of(page.content):  # well-formed: parsed as XML, the label comes back whole
        assert hostile in text_of(block.find("table"))


# --- In Chromium: nothing cut off, nothing out of its cell ---------------------------------------

CELLS_OK = """() => {
  const problems = [];
  for (const svg of document.querySelectorAll('svg.legs-graphique')) {
    const box = svg.viewBox.baseVal;
    const cells = [...svg.querySelectorAll('rect[stroke]')].filter(r => r.width.baseVal.value > 40);
    const frame = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text[transform]')) {  // the value axes' labels, turned
      const b = text.getBoundingClientRect();
      if (b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5 || b.left < frame.left - 0.5)
        problems.push('outside the drawing: ' + text.textContent);
    }
    for (const text of svg.querySelectorAll('text:not([transform])')) {
      const b = text.getBBox();
      if (b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width || b.y + b.height > box.y + box.height)
        problems.push('outside the drawing: ' + text.textContent);
      const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
      const cell = cells.find(r => { const x = r.x.baseVal.value, y = r.y.baseVal.value;
        return cx >= x && cx <= x + r.width.baseVal.value && cy >= y && cy <= y + r.height.baseVal.value; });
      if (cell) {
        const x = cell.x.baseVal.value, y = cell.y.baseVal.value;
        if (b.x < x || b.x + b.width > x + cell.width.baseVal.value || b.y < y || b.y + b.height > y + cell.height.baseVal.value)
          problems.push('out of its cell: ' + text.textContent);
      }
    }
  }
  return problems;
}"""


def test_matrix_counts_and_long_labels_stay_inside_their_cells(browser) -> None:
    matrix = charts.risk_matrix({(5, 5): 1234567, (4, None): 12, (1, 1): 1}, figures.cell_level, ident="m")
    bars = charts.bar_chart("Binômes mis en place par période", ["W" * 40, "T2 2027", "T3"], [1234567, 12.5, 0],
                            "Nombre de binômes", ident="b", digits=1)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_content(f"<!doctype html><html lang='fr'><body>{matrix}{bars}</body></html>")
    page.wait_for_selector("svg.legs-graphique >> nth=1")
    assert page.evaluate(CELLS_OK) == []
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_steering_pages_cut_nothing_off(browser, site_url: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    for address in ("pilotage/risques/", "pilotage/indicateurs/"):
        page.goto(site_url + address)
        page.wait_for_selector("article svg.legs-graphique")
        assert page.evaluate(CELLS_OK) == [], address
        # The page itself never scrolls sideways: a wide table or chart scrolls in its own frame.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, address
        frames = page.evaluate("""() => [...document.querySelectorAll('article table')].map(t => {
            const frame = t.closest('.md-typeset__scrollwrap, .legs-figure__dessin') || t;
            return {fits: frame.scrollWidth <= frame.clientWidth, scrolls: getComputedStyle(frame).overflowX === 'auto'}; })""")
        assert frames and all(f["fits"] or f["scrolls"] for f in frames), address
    if width == 1280:
        page.goto(site_url + "pilotage/risques/")
        records = page.locator("article h2:has-text('Fiches, de la plus') ~ .md-typeset__scrollwrap").first
        assert records.evaluate("e => e.scrollWidth <= e.clientWidth"), "the records table fits at 1280 px"
    page.close()


def test_the_paper_worksheet_scores_as_the_risk_map_does() -> None:
    """The critical-knowledge grid is filled in by hand before any record exists: its scales and
    thresholds must be those of the risk map, or the two would rank know-how differently."""
    import yaml

    grid = yaml.safe_load((ROOT / "docs/grilles/savoirs-critiques.yml").read_text(encoding="utf-8"))
    text = " ".join(" ".join(str(v) for v in _walk(grid)).split())
    # « 2 donne 1 ; 3 ou 4 donnent 2 ; … »: criticality + rarity → position factor.
    stated = {}
    for sums, factor in re.findall(r"((?:\d(?: ou )?)+) donne(?:nt)? (\d)", text):
        for total in sums.split(" ou "):
            stated[int(total)] = int(factor)
    levels = {1: "faible", 2: "moyenne", 3: "forte", 4: "critique"}
    rarities = {1: "courante", 2: "peu courante", 3: "rare", 4: "unique"}
    for c, r in ((c, r) for c in levels for r in rarities):
        assert stated[c + r] == risk.position_factor(levels[c], rarities[r]), (c, r)
    for months, factor in risk.ATTRITION_SCALE:
        assert f"{factor} dans les {months} mois" in text
    assert f"élevé de {risk.HIGH} à 25, moyen de {risk.MEDIUM} à {risk.HIGH - 1}, faible de 1 à {risk.MEDIUM - 1}" in text
    assert "inconnu" in text


def _walk(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    else:
        yield value
