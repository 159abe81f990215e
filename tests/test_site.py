"""The published site, built from the example content as a newcomer would."""

from __future__ import annotations

import collections
import posixpath
import re
from pathlib import Path

import markdown
import pytest

from conftest import ROOT, build, built_text, run_legs
from legs import corpus as corpus_module
from legs.content.settings import Settings
from legs.site.untrusted import UntrustedContent


@pytest.fixture(scope="module")
def example():
    return corpus_module.load(Settings.load(ROOT))


def page_of(site: Path, record) -> Path:
    return site / record.url / "index.html"


def test_example_content_is_rich_and_validates_without_error(example) -> None:
    result = run_legs(ROOT, "valider")
    assert result.returncode == 0, result.stdout
    assert not example.errors
    versants = {c.versants[0] for c in example.circles.values()} | {v for c in example.circles.values() for v in c.versants}
    assert len(example.circles) >= 4 and versants == {"État", "territoriale", "hospitalière"}
    published = [r for r in example.records.values() if r.published]
    assert len(published) >= 16
    for record in example.records.values():
        assert len(record.body.split()) >= 400, f"{record.id} : moins de 400 mots"


def test_every_published_record_has_a_page_with_its_card(example, site_interne: Path) -> None:
    for record in example.built_records():
        html = page_of(site_interne, record).read_text(encoding="utf-8")
        card = html[html.index('class="legs-carte"'):html.index("</section>")]
        for expected in ("Transmis par", "Métier", "Versant", "Compétences", "Criticité", "Statut", "Relue"):
            assert expected in card
        assert record.criticality in card and record.versant in card
        assert "index/competences/#" + record.competences[0] in card


def test_drafts_are_not_built(example, site_interne: Path) -> None:
    drafts = [r for r in example.records.values() if not r.published]
    assert drafts, "l'exemple doit contenir au moins une fiche non publiée"
    for record in drafts:
        assert not page_of(site_interne, record).exists()


def test_the_public_profile_leaves_out_internal_records_and_steering(example, site_public: Path) -> None:
    internal = [r for r in example.records.values() if r.published and not r.public]
    assert internal, "l'exemple doit contenir au moins une fiche interne"
    text = built_text(site_public)
    for record in internal:
        assert not page_of(site_public, record).exists()
        assert record.title not in text
    assert not (site_public / "pilotage/risques").exists()
    assert not (site_public / "contribuer/relectures").exists()
    for person in example.registry.people.values():
        if person.planned_departure:
            assert person.planned_departure.strftime("%m/%Y") not in text
            assert person.planned_departure.isoformat() not in text


def test_record_pages_are_not_in_the_navigation(example, site_interne: Path) -> None:
    home = (site_interne / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary"'):]
    for record in example.built_records():
        assert f"{record.id}/" not in nav


def test_the_menu_of_every_record_page_leads_to_the_same_pages(example, site_interne: Path) -> None:
    """The menu's links are relative to the page: one shown on the records of another circle
    would send « ../ » (its own circle) to the wrong circle."""
    menus = {}
    for record in example.built_records():
        html = page_of(site_interne, record).read_text(encoding="utf-8")
        nav = html[html.index('class="md-nav md-nav--primary"'):html.index('data-md-type="toc"')]
        page_url = f"/competences/{record.circle_id}/{record.id}/"
        menus[record.id] = [(posixpath.normpath(posixpath.join(page_url, href)), label)
                            for href, label in re.findall(r'<a href="([^"#]*)" class="md-nav__link">\s*(?:<[^>]*>\s*)*([^<]*?)\s*<', nav)]
    first, *others = menus.values()
    assert any(label == example.circles["archives"].title for _, label in first)
    for record_id, menu in menus.items():
        assert menu == first, record_id


def test_links_between_generated_pages_are_the_relative_paths_between_them(example) -> None:
    from legs.pages import catalogue, common

    uris = [page.src_uri for page in catalogue.all_pages(example)] + ["index.md", "contribuer/regles.md"]
    for from_uri in uris:
        for to_uri in uris:
            assert common.link(from_uri, to_uri) == posixpath.relpath(to_uri, posixpath.dirname(from_uri)), (from_uri, to_uri)


def test_links_of_lists_written_as_html_are_those_mkdocs_writes(example) -> None:
    """Long lists are written as HTML, which MkDocs does not rewrite: their addresses must be the
    ones MkDocs gives a Markdown link between the same pages."""
    from mkdocs.structure.files import File

    from legs.pages import catalogue, common

    uris = [page.src_uri for page in catalogue.all_pages(example)][:40] + ["index.md", "index/qui-sait-faire.md"]
    files = {uri: File(uri, "/docs", "/site", True) for uri in uris}
    for from_uri in uris:
        for to_uri in uris:
            assert common.href(from_uri, to_uri) == files[to_uri].url_relative_to(files[from_uri]), (from_uri, to_uri)



@pytest.mark.parametrize("title", ['Le « dossier » \\ l’agent : #1 {{ x }}', "null", "true", "---", "a\nb", "\t"])
def test_the_front_matter_of_generated_pages_reads_as_mkdocs_reads_it(example, title: str) -> None:
    """Generated pages' front matter is read as JSON, not by MkDocs' YAML: what it gives must be
    what MkDocs would have found, for every page of the example and for awkward titles."""
    from mkdocs.utils.meta import get_data

    from legs.pages import catalogue, common

    sources = [page.content for page in catalogue.all_pages(example, drafts=True)]
    sources.append(common.front_matter({"title": title, "render_macros": False}) + "\n# Titre\n\n---\n\nTexte.\n")
    for source in sources:
        assert common.read_front_matter(source) == get_data(source)
    # Anything else is left to MkDocs.
    assert common.read_front_matter("---\ntitle: Sans guillemets\n---\n\nTexte.") is None
    assert common.read_front_matter("# Pas d'en-tête\n") is None

def test_html_addresses_are_refused_with_the_line_to_change(kit: Path, tmp_path: Path) -> None:
    """The templates and generated lists link each page by its folder: with `use_directory_urls:
    false` the site would be full of dead links, so the validator and the build both refuse it."""
    config = kit / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "use_directory_urls: true\n" in text
    config.write_text(text.replace("use_directory_urls: true\n", "use_directory_urls: false\n"), encoding="utf-8")
    line = text.splitlines().index("use_directory_urls: true") + 1
    for args in (("valider",), ("construire", "--dossier", str(tmp_path / "site"))):
        result = run_legs(kit, *args)
        output = result.stdout + result.stderr
        assert result.returncode == 1 and f"mkdocs.yml:{line}: LG121 « use_directory_urls » doit rester à true" in output, output
        assert "Traceback" not in output and "Aborted" not in output
    assert "Construction arrêtée : corrigez l'erreur indiquée ci-dessus" in output  # MkDocs' last line, in French
    assert "ERREUR  -  " in output and "ERROR" not in output  # MkDocs' level before the line, in French too
    assert not (tmp_path / "site").exists()


def test_edit_links_open_the_records_own_source_file(example, site_interne: Path) -> None:
    for record in example.built_records():
        html = page_of(site_interne, record).read_text(encoding="utf-8")
        assert f'/edit/main/competences/{record.circle_id}/{record.id}.md"' in html


def test_the_site_loads_nothing_from_another_host(site_interne: Path) -> None:
    for page in site_interne.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag, attribute, url in re.findall(r"<(script|link|img|iframe|source)\b[^>]*?\b(src|href)=\"([^\"]+)\"", html):
            assert not re.match(r"(https?:)?//", url), f"{page}: {tag} {url}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_a_jinja_payload_in_a_record_runs_nothing(kit: Path, tmp_path: Path) -> None:
    record = next(p for p in (kit / "competences").glob("*/*.md") if p.name != "index.md")
    text = record.read_text(encoding="utf-8")
    text = text.replace("## Contexte\n", "## Contexte\n\nCalcul : {{ 7 * 7 }} et {{ config.repo_url }} puis {% for x in range(3) %}boucle{% endfor %}.\n", 1)
    record.write_text(text, encoding="utf-8")
    site = build(kit, tmp_path / "site")
    html = (site / "competences" / record.parent.name / record.stem / "index.html").read_text(encoding="utf-8")
    assert "{{ 7 * 7 }}" in html and "{% for x in range(3) %}" in html
    assert "Calcul : 49" not in html and "boucleboucle" not in html


def _withdraw(kit: Path, person_id: str, remove: bool) -> None:
    registry = kit / "competences" / "personnes.yml"
    text = registry.read_text(encoding="utf-8")
    entry = re.search(rf"  - id: {person_id}\n(?:    .*\n)*", text).group(0)
    replacement = "" if remove else entry.replace(f"  - id: {person_id}\n", f"  - id: {person_id}\n    retrait: true\n")
    registry.write_text(text.replace(entry, replacement), encoding="utf-8")


@pytest.mark.parametrize("remove", [False, True], ids=["retrait", "suppression"])
def test_a_withdrawn_person_is_named_nowhere(example, kit: Path, tmp_path: Path, remove: bool) -> None:
    record = next(r for r in example.built_records() if example.registry.visible(r.author) and r.public)
    person = example.registry.get(record.author)
    _withdraw(kit, person.id, remove)
    for profile in ("interne", "publique"):
        site = build(kit, tmp_path / profile, profile=profile)
        text = built_text(site)
        assert person.name not in text
        assert person.email not in text
        html = page_of(site, record).read_text(encoding="utf-8")
        assert "un agent de" in html


def test_untrusted_rendering_escapes_html_and_drops_dangerous_links() -> None:
    extension = UntrustedContent(lambda: "competences/essai/fiche.md", lambda uri: uri == "competences/essai/autre.md")
    html = markdown.markdown(
        "<script>alert(1)</script>\n\nTexte <img src=x onerror=alert(1)> [a](javascript:alert(1)) "
        "[b](https://ailleurs.example) [c](autre.md) [d](brouillon.md)\n\nParagraphe {: onclick=\"alert(1)\" }\n\n"
        "![i](https://ailleurs.example/x.png)",
        extensions=["attr_list", extension])
    assert "<script" not in html and "<img src=x" not in html
    assert not re.search(r"<[^>]*\bon(click|error)=", html)
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html and 'href="https://ailleurs' not in html and 'src="https' not in html
    assert 'href="autre.md"' in html and 'href="brouillon.md"' not in html


def test_home_page_shows_live_figures(example, site_interne: Path) -> None:
    html = (site_interne / "index.html").read_text(encoding="utf-8")
    assert f"{len(example.built_records())} fiches legs" in html


def _build_pages(out: Path, circles_in_menu: int | None = None) -> dict[str, bytes]:
    """Every page of the example site, built in this process (to see monkeypatches)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out), strict=True)
    if circles_in_menu is not None:
        config.plugins["legs"].config["cercles_dans_menu"] = circles_in_menu
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}


def test_pages_converted_by_worker_processes_are_identical(tmp_path: Path, monkeypatch) -> None:
    """Large sites have their generated pages converted on every core: the site must not change."""
    from legs.site import prerender

    build_into = _build_pages
    monkeypatch.setenv("LEGS_PDF", "false")
    monkeypatch.setenv("LEGS_RECHERCHE", "false")
    monkeypatch.setenv("LEGS_CACHE", "false")  # every page converted, by MkDocs then by the workers
    one_by_one = build_into(tmp_path / "serie")
    taken = []
    take = prerender.Prerenderer.take
    monkeypatch.setattr(prerender, "PARALLEL_FROM", 1)
    monkeypatch.setattr(prerender.Prerenderer, "take", lambda self, uri: taken.append(uri) or take(self, uri))
    in_parallel = build_into(tmp_path / "parallele")
    assert len(taken) > 20  # every record, circle and listing went through the workers
    assert in_parallel.keys() == one_by_one.keys()
    different = [name for name in one_by_one if in_parallel[name] != one_by_one[name]]
    assert not different


def test_html_blocks_set_apart_leave_the_pages_as_markdown_makes_them(tmp_path: Path, monkeypatch) -> None:
    """The long HTML lists and tables of the kit's own pages are set apart while Markdown
    converts the page (site/prerender.py): every page must be the one Markdown would make."""
    from legs.site import prerender
    from legs.text.markup import HTML_END, HTML_START

    monkeypatch.setenv("LEGS_PDF", "false")
    monkeypatch.setenv("LEGS_RECHERCHE", "false")
    monkeypatch.setenv("LEGS_CACHE", "false")
    apart = []
    set_apart = prerender._set_apart

    def counted(markdown: str, blocks: list[str]) -> str:
        apart.append(blocks)
        return set_apart(markdown, blocks)

    monkeypatch.setattr(prerender, "_set_apart", counted)
    once = _build_pages(tmp_path / "a-part")
    assert sum(map(len, apart)) > 20  # listings, steering pages, certificates
    monkeypatch.setattr(prerender, "_set_apart", lambda markdown, blocks: markdown.replace(HTML_START, "").replace(HTML_END, ""))
    read = _build_pages(tmp_path / "lu-par-markdown")
    assert once.keys() == read.keys()
    assert [name for name in read if once[name] != read[name]] == []


@pytest.mark.parametrize("circles_in_menu", [30, 2], ids=["cercles-dans-le-menu", "cercles-hors-du-menu"])
def test_the_layout_shared_by_record_pages_is_the_one_each_page_would_have(tmp_path: Path, monkeypatch,
                                                                           circles_in_menu: int) -> None:
    """The menu, header, footer and scripts around record pages (and circle pages out of the
    menu) are rendered and typeset once for all of them, and so is each table of contents
    (site/shared.py): every page must be the one rendered on its own."""
    from legs.site import shared

    monkeypatch.setenv("LEGS_PDF", "false")
    monkeypatch.setenv("LEGS_RECHERCHE", "false")
    monkeypatch.setenv("LEGS_CACHE", "false")
    rendered = []
    call = shared.SharedParts.__call__
    monkeypatch.setattr(shared.SharedParts, "__call__", lambda self, key, caller: rendered.append(key) or call(self, key, caller))
    once = _build_pages(tmp_path / "une-fois", circles_in_menu)
    records = [name for name in once if re.fullmatch(r"competences/[^/]+/[^/]+/index\.html", name)]
    circles = [name for name in once if re.fullmatch(r"competences/[^/]+/index\.html", name)]
    assert len(records) > 10 and rendered.count("record header") == len(records)  # each one took it from there
    assert rendered.count("circle header") == (len(circles) if circles_in_menu < len(circles) else 0) and len(circles) > 2
    tables = [key for key in rendered if key and key.startswith("toc ")]
    assert len(tables) == len(once) - 1  # every page but 404.html
    # The example's records all have the template's sections, hence one table of contents.
    assert collections.Counter(tables).most_common(1)[0][1] >= len(records)
    monkeypatch.setattr(shared.SharedParts, "__call__", lambda self, key, caller: caller())
    each = _build_pages(tmp_path / "page-par-page", circles_in_menu)
    assert once.keys() == each.keys()
    assert [name for name in each if once[name] != each[name]] == []


def test_a_missing_page_answers_in_french_with_ways_back(browser, site_url: str) -> None:
    page = browser.new_page()
    response = page.goto(site_url + "cette-page-n-existe-pas/")
    assert response.status == 404
    # The test server answers with its own page; the site's own 404 page is what an intranet server serves.
    page.goto(site_url + "404.html")
    assert page.title().startswith("Page introuvable") and page.text_content("h1") == "Page introuvable"
    assert [page.locator("#main a, main a, .md-content a", has_text=text).count() >= 1
            for text in ("l’accueil", "par compétence", "Qui sait faire")] == [True, True, True]
    page.fill("#legs-introuvable-requete", "chaufferie")
    page.press("#legs-introuvable-requete", "Enter")
    page.wait_for_url("**/recherche/?q=chaufferie")
    page.close()


def test_generated_headings_keep_their_apostrophes_in_the_table_of_contents(site_interne: Path) -> None:
    listing = (site_interne / "index" / "organisations" / "index.html").read_text(encoding="utf-8")
    assert "&amp;#x27;" not in listing and "&amp;#39;" not in listing
    # Shown with the typographic apostrophe, as all the site's text (legs.text.french).
    assert re.search(r'class="md-nav__link">\s*<span class="md-ellipsis">\s*[^<]*l’', listing)


def test_the_edit_button_says_modifier_with_its_accent(site_interne: Path) -> None:
    guide = (site_interne / "guide" / "index.html").read_text(encoding="utf-8")
    assert 'title="Modifier cette page"' in guide and "Editer" not in guide


def test_the_template_to_copy_has_a_copy_button(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "contribuer/modele-fiche/")
    button = page.locator(".md-code__button").first
    button.wait_for()
    assert button.get_attribute("title") == "Copier dans le presse-papier"
    page.close()


@pytest.mark.parametrize("width", [320, 390])
def test_the_site_name_is_not_cut_on_a_phone(browser, site_url: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 700})
    page.goto(site_url + "guide/")
    title = page.locator(".md-header__topic .md-ellipsis").first
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth"), width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.close()


def test_figures_of_the_indicators_page_are_written_the_french_way(site_interne: Path) -> None:
    page = (site_interne / "pilotage" / "indicateurs" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)  # figures in text and in the charts' labels, not in SVG coordinates
    assert re.search(r"\d,\d\u00a0%", text) and not re.search(r"\d\.\d+\s?%", text)
