"""Quality gates on the built site: accessibility, keyboard, offline use, links."""

from __future__ import annotations

import html.parser
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT
from legs import corpus as corpus_module
from legs.content.settings import Settings

# Rules we accept to break, with why. Keep this list short and justified.
ACCEPTED_AXE_RULES: dict[str, str] = {}


def kinds_of_pages() -> list[str]:
    """One page of every kind the site has, found from the example content."""
    example = corpus_module.load(Settings.load(ROOT))
    record = example.built_records()[0]
    circle = record.circle_id
    pages = ["", f"competences/{circle}/", record.url, "competences/", "index/competences/", "index/metiers/",
             "index/versants/", "index/organisations/", "index/qui-sait-faire/", "pilotage/indicateurs/",
             "pilotage/risques/", "contribuer/", "contribuer/regles/", "contribuer/relectures/", "recherche/?q=agent",
             "accessibilite/"]
    # Pages of the guide, the grids, the communication kit and the form, once they exist.
    optional = {"guide/": ROOT / "docs/guide/index.md", "guide/phase-3-animation/": ROOT / "docs/guide/phase-3-animation.md",
                "grilles/": ROOT / "docs/grilles", "grilles/grille-objectifs/": ROOT / "docs/grilles/grille-objectifs.yml",
                "kit/": ROOT / "docs/kit/index.md", "contribuer/proposer/": ROOT / "scripts/legs/pages/contribution.py"}
    return pages + [path for path, source in optional.items() if source.exists()]


PAGES = kinds_of_pages()


@pytest.fixture(scope="module")
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(browser, site_url: str, axe_source: str, path: str) -> None:
    page = browser.new_page()
    response = page.goto(site_url + path)
    assert response is not None and response.ok, path
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=axe_source)
    results = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    serious = [f"{v['id']} ({v['impact']}) : {v['help']} — {v['nodes'][0]['target']}" for v in results["violations"]
               if v["impact"] in ("serious", "critical") and v["id"] not in ACCEPTED_AXE_RULES]
    page.close()
    assert not serious, "\n".join(serious)


def test_keyboard_skip_link_language_and_visible_focus(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url)
    assert page.get_attribute("html", "lang") == "fr"
    page.keyboard.press("Tab")
    skip = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert skip[1] and skip[1].startswith("#"), skip
    seen = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
            const r = e.getBoundingClientRect();
            return {tag: e.tagName, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                    shadow: s.boxShadow !== 'none', width: r.width, height: r.height}; }""")
        if style["tag"] == "BODY":
            continue
        seen += 1
        assert style["width"] > 0 and style["height"] > 0, style
        assert style["outline"] or style["shadow"], style
    page.close()
    assert seen >= 10


def test_every_page_works_offline(browser, site_url: str) -> None:
    context = browser.new_context()
    blocked, failed = [], []

    def route(route) -> None:
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    cookies = context.cookies()
    context.close()
    assert cookies == []  # no cookie, hence no consent banner to show
    assert blocked == [], blocked
    assert failed == [], failed


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in ("img", "script") and attributes.get("src"):
            self.links.append(attributes["src"])
        if tag == "link" and attributes.get("href"):
            self.links.append(attributes["href"])


def test_every_internal_link_and_anchor_resolves(site_interne: Path) -> None:
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    broken = []
    # 404.html is served at any address, so MkDocs writes its links from the site root.
    for page in (p for p in site_interne.rglob("*.html") if p.name != "404.html"):
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path))
            target = Path(posixpath.normpath(str(target)))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site_interne)} → {link}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target).ids:
                broken.append(f"{page.relative_to(site_interne)} → {link} (ancre absente)")
    assert not broken, "\n".join(broken[:30])
