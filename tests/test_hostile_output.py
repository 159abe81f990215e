"""Hostile contributions (issue 10): whatever the content holds, every output carries it as text.

A copy of the kit gets a payload (markup, quotes, script URLs, formulas…) in every free-text
field of every input file: records, circles, vocabularies, the people registry, the tracking
file, the grids. Each value starts with a unique token (« qz0001 »), so that anything live
in a built page can be traced back to the contribution it came from. The site is built in
both profiles, then every HTML and SVG file is read by a real HTML parser (tinyhtml5, an
html5lib port): nothing that runs, loads or redirects may come from the content.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import tinyhtml5
import yaml
from pypdf import PdfReader

from conftest import ROOT, build, copy_kit, run_legs
from legs.printing import pdf
from legs.steering import tracking
from legs.text import markup

PAYLOADS = (
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "<img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=http://evil.example">',
    "<svg onload=alert(1)>",
    "http://evil.example/x.png",
    "]]></script><script>alert(1)</script>",
    "{{ 7*7 }} {% raw %}",
    '=HYPERLINK("http://evil.example","x")',
    "@SUM(1+1)",
    '0;url=http://evil.example" http-equiv="refresh',
    "\n\n[x](javascript:alert(1))\n\n<b>",
    "<a href='javascript:alert(1)'>x</a>",
    '<link rel=stylesheet href="http://evil.example/x.css">',
)
# Keys whose values are free text in the schemas: every one of them gets a payload.
FREE_TEXT = {"titre", "resume", "service", "rythme", "format", "rejoindre", "libelle", "nom", "periode", "retours",
             "objet", "utilisation", "en_tete", "consigne", "texte", "question", "cases", "colonnes", "rangees",
             "echelle", "questions", "signataires"}
MAX_LENGTH = {"periode": 40, "titre": 100}
MIN_LENGTH = {"resume": 20}
TOKEN = re.compile(r"qz\d{4}")
ENV = {"LEGS_RECHERCHE": "false", "NO_MKDOCS_2_WARNING": "1"}


class Injector:
    """Replaces free-text values by « token payload », cycling through the payloads."""

    def __init__(self) -> None:
        self.count = 0
        self.payloads = itertools.cycle(PAYLOADS)

    def token(self) -> str:
        self.count += 1
        return f"qz{self.count:04d}"

    def value(self, key: str) -> str:
        token = self.token()
        for _ in PAYLOADS:
            payload = next(self.payloads)
            # A formula only counts at the start of a cell: the token goes after it.
            value = f"{payload} {token}" if payload.startswith(("=", "@")) else f"{token} {payload}"
            if len(value) <= MAX_LENGTH.get(key, 1000):
                return value.ljust(MIN_LENGTH.get(key, 0), ".")
        return f"{token} <b>"

    def walk(self, node, key: str | None = None):
        if isinstance(node, dict):
            return {k: self.walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [self.walk(v, key) for v in node]
        if isinstance(node, str) and key in FREE_TEXT:
            return self.value(key)
        return node


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def hostile_kit(target: Path, body: str = "") -> Path:
    """A copy of the kit with a payload in every free-text value, and `body` after each body."""
    copy_kit(target)
    injector = Injector()
    for path in sorted((target / "competences").rglob("*.yml")) + sorted((target / "docs" / "grilles").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(_dump(injector.walk(data)), encoding="utf-8")
    for path in sorted((target / "competences").rglob("*.md")):
        _, front, text = path.read_text(encoding="utf-8").split("---\n", 2)
        data = injector.walk(yaml.safe_load(front))
        extra = body.replace("TOKEN", injector.token()) if body else ""
        path.write_text("---\n" + _dump(data) + "---\n" + text + extra, encoding="utf-8")
    return target


# What the validator accepts in a body: entities, template syntax (a warning), headings.
ACCEPTED_BODY = ("\n\n### TOKEN &lt;script&gt;alert(1)&lt;/script&gt; \"' onmouseover='x'\n\n"
                 "Texte TOKEN &lt;img src=x onerror=alert(1)&gt; {{ 7*7 }} &#106;avascript:alert(1)\n")
# What it refuses: the build must neutralise it on its own (defence in depth).
REFUSED_BODY = """

### TOKEN <script>alert(1)</script>

TOKEN <img src=x onerror=alert(1)> <svg onload=alert(1)></svg> <iframe src="http://evil.example"></iframe>
<a href="javascript:alert(1)">a</a> [b](javascript:alert(1)) [c](http://evil.example) ![d](http://evil.example/x.png)
<javascript:alert(1)> [e][ref] <form action="http://evil.example"><button formaction="javascript:alert(1)">f</button></form>
Un paragraphe.
{: onclick="alert(1)" style="background:url(http://evil.example)" }

[ref]: javascript:alert(1)

<meta http-equiv="refresh" content="0;url=http://evil.example">
<base href="http://evil.example/">
<object data="http://evil.example/x.swf"></object><embed src="http://evil.example/x.swf">
"""

# --- What is live in a page -------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset",
                  "content", "cite", "ping", "manifest"}
LIVE_ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "meta", "link",
                 "style"}


def _name(name: str) -> str:
    if name.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:href"
    return name.rsplit("}", 1)[-1].lower()


def live_things(path: Path) -> list[tuple]:
    """Everything in an HTML or SVG file that runs, loads or redirects, as comparable tuples."""
    found = []
    for element in tinyhtml5.parse(path.read_bytes()).iter():
        if not isinstance(element.tag, str):  # comments
            continue
        tag = _name(element.tag)
        attributes = {_name(k): v for k, v in element.attrib.items()}
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(("gestionnaire", tag, name, value))
            if name == "content" and "http-equiv" not in attributes:  # a description, not an address
                continue
            if name in URL_ATTRIBUTES or name == "style":
                compact = re.sub(r"[\s\x00-\x20]", "", value).lower()
                if re.search(r"(javascript|vbscript|data):", compact):
                    found.append(("adresse-script", tag, name, value))
                if urlsplit(value.strip()).netloc or "url(http" in compact:
                    found.append(("autre-serveur", tag, name, value))
        if tag in LIVE_ELEMENTS and not (tag == "meta" and "http-equiv" not in attributes):
            text = "".join(element.itertext()) if tag in ("script", "style") else ""
            found.append(("element", tag, tuple(sorted(attributes.items())), text))
    return found


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in (".html", ".svg") and p.is_file())


def injected(site: Path, baseline: set) -> list[str]:
    """Live things the kit's own templates do not produce, or that carry a contributed token."""
    problems = []
    for path in pages(site):
        for thing in live_things(path):
            if thing not in baseline or TOKEN.search(repr(thing)):
                problems.append(f"{path.relative_to(site)} : {thing!r}"[:300])
    return problems


def page_text(path: Path) -> str:
    return "".join(tinyhtml5.parse(path.read_bytes()).itertext())


# --- The builds ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> set:
    """Everything live in the example site, built with the same settings: the kit's own."""
    site = build(ROOT, tmp_path_factory.mktemp("normal") / "site", env={**ENV, "LEGS_PDF": "false"})
    return {thing for path in pages(site) for thing in live_things(path)}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    repo = hostile_kit(tmp_path_factory.mktemp("hostile") / "depot", ACCEPTED_BODY)
    assert run_legs(repo, "valider").returncode == 0, "le validateur doit accepter ces valeurs"
    return {"depot": repo,
            "interne": build(repo, repo / "site", env=ENV),
            "publique": build(repo, repo / "site-public", profile="publique", env={**ENV, "LEGS_PDF": "false"})}


@pytest.mark.parametrize("profile", ["interne", "publique"])
def test_no_contributed_value_is_live_in_any_page(hostile, baseline, profile) -> None:
    site = hostile[profile]
    assert not injected(site, baseline), "\n".join(injected(site, baseline)[:40])
    # The payloads did reach the pages, as text: titles, summaries, labels, names, grids.
    text = "\n".join(page_text(p) for p in pages(site))
    assert len(set(TOKEN.findall(text))) > 200
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert "{{ 7*7 }}" in text and "49" not in re.findall(r"qz\d{4} (\S+)", text)


def test_titles_and_summaries_are_escaped_in_meta_title_menu_and_edit_link(hostile) -> None:
    site, repo = hostile["interne"], hostile["depot"]
    record = site / "competences" / "archives" / "preparer-un-versement" / "index.html"
    document = tinyhtml5.parse(record.read_bytes())
    ns = "{http://www.w3.org/1999/xhtml}"
    title = document.find(f"{ns}head/{ns}title").text
    description = [m.get("content") for m in document.iter(f"{ns}meta") if m.get("name") == "description"]
    source = (repo / "competences" / "archives" / "preparer-un-versement.md").read_text(encoding="utf-8")
    front = yaml.safe_load(source.split("---\n", 2)[1])
    assert title.startswith(front["titre"])
    assert description == [" ".join(front["resume"].split())]
    assert not [m for m in document.iter(f"{ns}meta") if m.get("http-equiv")]
    edit = [a.get("href") for a in document.iter(f"{ns}a") if a.get("rel") == "edit"]
    assert edit and all(urlsplit(href).scheme == "https" for href in edit)


def test_bodies_the_validator_refuses_are_neutralised_by_the_build_itself(tmp_path, baseline) -> None:
    """Raw HTML, script links, attributes: the build renders them harmless even unvalidated."""
    repo = hostile_kit(tmp_path / "depot", REFUSED_BODY)
    assert run_legs(repo, "valider").returncode == 1
    site = tmp_path / "site"
    # The plugin refuses content with errors: here it is told to ignore them, as a bug might.
    runner = ("import sys, legs.corpus as c\n"
              "c.Corpus.errors = property(lambda self: [])\n"
              "from mkdocs.__main__ import cli\n"
              "sys.exit(cli())")
    result = subprocess.run([sys.executable, "-c", runner, "build", "-f", str(repo / "mkdocs.yml"), "--site-dir", str(site)],
                            cwd=repo, capture_output=True, text=True, env={**os.environ, **ENV, "LEGS_PDF": "false"},
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not injected(site, baseline), "\n".join(injected(site, baseline)[:40])


# --- Exports --------------------------------------------------------------------------------

def test_csv_export_cells_are_never_formulas(hostile) -> None:
    text = (hostile["interne"] / "exports" / "fiches.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert len(rows) > 10 and len({len(r) for r in rows}) == 1
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert any(c.startswith("'=HYPERLINK(") for c in cells) and any(c.startswith("'@SUM(") for c in cells)
    # Every cell is quoted, so a separator or a line break inside a value stays in its cell.
    assert all(line.startswith('"') for line in text[1:].split("\r\n") if line)


def test_json_export_parses_whatever_the_text(hostile) -> None:
    data = json.loads((hostile["interne"] / "exports" / "fiches.json").read_text(encoding="utf-8"))
    assert any("<script>" in r["titre"] or "<script>" in r["resume"] for r in data["fiches"])


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil.example","x")', "@SUM(1+1)", "+1", "-1+2", "\tx", "\rx"])
def test_csv_cell_neutralises_every_formula_start(value) -> None:
    assert markup.csv_cell(value) == "'" + value
    row = next(csv.reader(io.StringIO(markup.csv_text(["a"], [{"a": value}])[1:]), delimiter=";"))
    assert row == ["a"] or row == ["'" + value]


def test_json_stays_valid_and_cannot_close_a_script(monkeypatch) -> None:
    nasty = 'a "quote" \\ \x00\x01\x1f \u2028\u2029 </script><!-- ]]> \'lone'
    monkeypatch.setattr(tracking, "catalogue", lambda corpus: [{"titre": nasty}])
    assert json.loads(tracking.catalogue_json(None))["fiches"][0]["titre"] == nasty
    embedded = markup.json_for_html({"titre": nasty})
    assert json.loads(embedded)["titre"] == nasty
    assert not re.search(r"[<>&\u2028\u2029]", embedded)


def test_urls_from_settings_are_http_only() -> None:
    assert markup.http_url("https://forge.example/legs") == "https://forge.example/legs"
    for bad in ("javascript:alert(1)", "javascript://forge.example/%0aalert(1)", "data:text/html,x", "//evil.example", ""):
        assert markup.http_url(bad) == ""
    assert markup.site_url('a b/"><x>#y.md') == "a%20b/%22%3E%3Cx%3E%23y.md"


def test_a_javascript_repository_address_stops_the_build(kit) -> None:
    result = run_legs(kit, "construire", "--dossier", str(kit / "site"),
                      env={**ENV, "LEGS_PDF": "false", "LEGS_DEPOT": "javascript://exemple.fr/%0aalert(1)"})
    assert result.returncode != 0
    assert "http" in (result.stdout + result.stderr)


# --- PDF ------------------------------------------------------------------------------------

def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_pdfs_show_payloads_as_text(hostile) -> None:
    folder = hostile["interne"] / "pdf"
    certificates = sorted((folder / "certificats").glob("*.pdf"))
    assert certificates
    text = " ".join(pdf_text(p) for p in certificates + sorted((folder / "grilles").glob("*.pdf")))
    text = " ".join(text.split())
    assert TOKEN.search(text)
    assert "alert(1)" in text and ("<script>" in text or "<img" in text or "onerror" in text)


def test_printing_loads_nothing_outside_the_kit(tmp_path) -> None:
    fetch = pdf._offline_fetcher()
    for url in ("file:///etc/passwd", "http://evil.example/x.png", "https://evil.example/x.css",
                "file://evil.example/x", pdf._KIT_FILES.as_uri() + "/../../../etc/passwd"):
        with pytest.raises(ValueError):
            fetch(url)
    assert fetch((pdf._KIT_FILES / "printing" / "base.css").as_uri()) is not None
    target = tmp_path / "x.pdf"
    pdf.render(pdf.page("t", '<p>Bonjour</p><img src="file:///etc/passwd"><link rel="stylesheet" href="http://evil.example/x.css">'
                        '<img src="http://evil.example/x.png">'), (), target)
    assert "Bonjour" in pdf_text(target)


# --- Withdrawal (issue item 9): no printed trace of a withdrawn person or a hidden record ----

def _names_in_pdfs(folders: list[Path], names: list[str]) -> list[str]:
    found = []
    for folder in folders:
        for path in folder.rglob("*.pdf"):
            text = " ".join(pdf_text(path).split())
            found += [f"{path} : {name}" for name in names if name in text]
    return found


def test_withdrawal_removes_certificates_from_output_site_and_cache(kit) -> None:
    people = yaml.safe_load((kit / "competences" / "personnes.yml").read_text(encoding="utf-8"))
    referents = {r["personne"] for r in yaml.safe_load(
        (kit / "competences" / "referentiels" / "referents.yml").read_text(encoding="utf-8"))["referents"]}
    named = {p["id"]: p for p in people["personnes"] if p.get("nom") and p["id"] not in referents}
    published = []
    for path in sorted((kit / "competences").glob("*/*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        if path.name != "index.md" and front["statut"] == "publiée" and front["auteur"] in named:
            published.append((path, front))
    withdrawn_path, withdrawn_front = published[0]
    hidden_path, hidden_front = next((p, f) for p, f in published if f["auteur"] != withdrawn_front["auteur"])
    person = named[withdrawn_front["auteur"]]
    name = person["nom"]
    out, site, cache = kit / "pdf", kit / "site", kit / ".cache" / "pdf"
    env = {"LEGS_RECHERCHE": "false"}
    run_legs(kit, "imprimer", "--dossier", str(out), check=True)
    build(kit, site, env=env)
    certificate = out / "certificats" / f"{withdrawn_path.stem}.pdf"
    hidden = out / "certificats" / f"{hidden_path.stem}.pdf"
    assert certificate.exists() and hidden.exists()
    assert _names_in_pdfs([out, site / "pdf", cache], [name])
    cached_before = set(cache.glob("*.pdf"))

    # The person withdraws; another record goes back to draft.
    kept = {k: person[k] for k in ("id", "organisation", "service") if k in person}
    person.clear()
    person.update({**kept, "retrait": True})
    (kit / "competences" / "personnes.yml").write_text(_dump(people), encoding="utf-8")
    text = hidden_path.read_text(encoding="utf-8").replace("statut: publiée", "statut: brouillon", 1)
    hidden_path.write_text(text, encoding="utf-8")

    run_legs(kit, "imprimer", "--dossier", str(out), check=True)
    build(kit, site, env=env)
    assert not certificate.exists() and not hidden.exists()
    assert not (site / "pdf" / "certificats" / certificate.name).exists()
    assert not (site / "pdf" / "certificats" / hidden.name).exists()
    assert not _names_in_pdfs([out, site / "pdf", cache], [name, hidden_front["titre"]])
    assert cached_before - set(cache.glob("*.pdf")), "les PDF périmés doivent quitter le cache"
