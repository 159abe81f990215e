"""Hostile contributions to the validator: one reading of Markdown, no crash nor hang,
deceptive characters, names and e-mails in any variant, safe CI logs (issue 10)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import Markdown

from conftest import ROOT, TODAY, minimal_repo, run_legs
from legs.content import mdscan, names, strictyaml
from legs.content.problems import Problem, Severity
from legs.content.settings import Settings
from legs.corpus.validate import validate
from legs.site.untrusted import UntrustedContent
from legs.text import formatters
from test_rules import CIRCLE, RECORD

CONFIG = ROOT / "mkdocs.yml"
HYPOTHESIS = settings(max_examples=150, deadline=None, derandomize=True,
                      suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return minimal_repo(tmp_path / "depot", CIRCLE, RECORD, config=True)


def problems_of(root: Path) -> list[Problem]:
    return validate(Settings.load(root), today=TODAY).problems


def with_body(root: Path, extra: str, name: str = "tri.md") -> Path:
    path = root / "competences" / "essai" / name
    path.write_text(RECORD + "\n" + extra + "\n", encoding="utf-8")
    return path


BODY_LINE = RECORD.count("\n") + 2  # line of `extra` in `with_body`


# --- 3. One reading of Markdown: the engine decides, lines are found ------------------------

ENGINE_CASES = [
    # (text, code expected or None, line offset of the finding inside the text)
    ("Avant.\n\n    [x](javascript:alert(1))\n", None, 0),  # indented code: shown as text
    ("Voir [x][r].\n\nAutre.\n\n[r]: javascript:alert(1)\n", "LG502", 4),  # definition's line
    ("Voir <javascript:alert(1)>.\n", "LG501", 0),  # not an autolink for the engine: raw HTML
    ("Texte <a\nhref='x'\nonclick=alert(1)>y</a>\n", "LG501", 0),
    ("<div>\n<scr\nipt>alert(1)</script>\n</div>\n", "LG501", 0),
    ("[x](jav&#x61;script:alert(1))\n", "LG502", 0),
    ("| a | b |\n| --- | --- |\n| [x](https://exemple.fr) | y |\n", "LG503", 2),
    ("Texte[^1].\n\n[^1]: Voir [x](https://exemple.fr).\n", "LG503", 2),
    ("!!! note\n    Voir ![i](http://exemple.fr/i.png)\n", "LG505", 1),
    ("Écrire à <agent@exemple.fr>.\n", "LG503", 0),  # an e-mail autolink leaves the site
    ("`<b>` et `[x](javascript:1)`\n", None, 0),  # code spans
    ("```\n<b>gras</b> [x](javascript:1)\n```\n", None, 0),  # fenced code (MkDocs adds fenced_code)
]


@pytest.mark.parametrize("text, code, offset", ENGINE_CASES, ids=range(len(ENGINE_CASES)))
def test_the_validator_reads_links_and_html_as_the_build_engine(repo: Path, text: str, code, offset: int) -> None:
    with_body(repo, text)
    found = [(p.code, p.line) for p in problems_of(repo) if p.code.startswith("LG50")]
    if code is None:
        assert found == []
    else:
        assert (code, BODY_LINE + offset) in found, found


def _build_guarded(text: str) -> tuple[str, set[str]]:
    """Render `text` as the build renders a contributed page; returns HTML and the targets left."""
    names_, options = mdscan.markdown_extensions(CONFIG)
    md = Markdown(extensions=names_ + [UntrustedContent(lambda: "competences/essai/tri.md", lambda uri: True)],
                  extension_configs=options)
    html = md.convert(text)
    root = etree.fromstring(f"<div>{html}</div>") if "&" not in html else None
    left = {e.get("href") or e.get("src") for e in root.iter() if e.tag in ("a", "img")} if root is not None else set()
    return html, left


@pytest.mark.parametrize("text", [t for t, code, _ in ENGINE_CASES if code in ("LG502", "LG503", "LG505")])
def test_what_the_validator_reports_the_build_neutralises(text: str) -> None:
    scan = mdscan.scan(text, 1, CONFIG)
    reported = {link.url for link in scan.links}
    assert reported, "the validator must see the link"
    html, _ = _build_guarded(text)
    assert "javascript:" not in html and "exemple.fr" not in html.replace("agent@exemple.fr", "")


def test_the_engine_is_configured_from_mkdocs_yml_as_mkdocs_does() -> None:
    from mkdocs.config import load_config

    names_, _ = mdscan.markdown_extensions(CONFIG)
    config = load_config(str(CONFIG))
    declared = [e if isinstance(e, str) else type(e).__module__ for e in config.markdown_extensions]
    for name in names_:
        assert any(name in str(d) for d in declared), (name, declared)
    assert "fenced_code" in names_ and "admonition" in names_


def test_texts_without_brackets_are_not_parsed(monkeypatch) -> None:
    monkeypatch.setattr(mdscan, "parse", lambda *a, **k: pytest.fail("parsed"))
    scan = mdscan.scan("## Contexte\n\nDu texte, sans crochet ni chevron.\n", 1, CONFIG)
    assert scan.links == [] and scan.html == []


# --- 4. Never crash, never hang ---------------------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("a: " + "[" * 100_000, "depth"),  # killed libyaml (C stack) before the linear pre-scan
    ("a: " + "{a: " * 50_000, "depth"),
    ("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 200)), "depth"),
    ("- " * 5000 + "x", "depth"),
    ("1: x", "key"), ("null: x", "key"), ("true: x", "key"), ("? [a]\n: b", "key"), ("1.5: x", "key"),
])
def test_deep_or_strange_yaml_is_refused_before_or_while_parsing(text: str, kind: str) -> None:
    with pytest.raises(strictyaml.YamlError) as error:
        strictyaml.load(text)
    assert error.value.kind == kind


def test_quoted_brackets_are_not_nesting() -> None:
    assert strictyaml.load('titre: "' + "[" * 100 + '"\n').data == {"titre": "[" * 100}


@pytest.mark.parametrize("content", [
    b"---\n1: x\n---\n",
    b"---\nnull: x\n? [a]\n: b\n---\n",
    b"---\n" + b"a: " + b"[" * 100_000 + b"\n---\n",
    b"---\ntitre: [1, 2]\nresume: {a: b}\ncompetences: 3\n---\n",
])
def test_non_string_keys_and_wrong_types_give_french_messages(repo: Path, content: bytes) -> None:
    (repo / "competences" / "essai" / "piege.md").write_bytes(content)
    problems = problems_of(repo)
    mine = [p for p in problems if p.path.endswith("piege.md")]
    assert mine and all(p.code != "LG529" for p in mine), mine


@pytest.mark.parametrize("name, content", [
    ("competences.yml", "- une liste\n- au lieu d'un dictionnaire\n"),
    ("metiers.yml", "metiers: {a: b}\n"),
    ("organisations.yml", "organisations:\n  - 1: x\n"),
    ("referents.yml", "referents: [[a]]\n"),
])
def test_vocabularies_of_the_wrong_shape_give_french_messages(repo: Path, name: str, content: str) -> None:
    (repo / "competences" / "referentiels" / name).write_text(content, encoding="utf-8")
    problems = problems_of(repo)
    assert any(p.path.endswith(name) and p.is_error for p in problems)
    assert not any(p.code == "LG529" for p in problems), [p for p in problems if p.code == "LG529"]


@pytest.mark.parametrize("content", ["personnes:\n  - id: x\n    nom: [A, B]\n", "personnes: {a: 1}\n", "- a\n",
                                     "personnes:\n  - null: x\n"])
def test_a_registry_of_the_wrong_shape_gives_french_messages(repo: Path, content: str) -> None:
    (repo / "competences" / "personnes.yml").write_text(content, encoding="utf-8")
    problems = problems_of(repo)
    assert any(p.path.endswith("personnes.yml") and p.is_error for p in problems)
    assert not any(p.code == "LG529" for p in problems)


@pytest.mark.parametrize("content", [b"\xff\xfe\x00", b"periodes: 3\n", "periodes:\n  - periode: T1\u202e\n".encode()])
def test_the_steering_file_is_checked_too(repo: Path, content: bytes) -> None:
    (repo / "competences" / "suivi.yml").write_bytes(content)
    problems = [p for p in problems_of(repo) if p.path.endswith("suivi.yml")]
    assert problems and all(p.code != "LG529" for p in problems)


def test_an_unexpected_failure_stays_in_its_file(repo: Path, monkeypatch) -> None:
    from legs.rules import references

    original = references.check_record

    def broken(corpus, record):
        if record.id == "tri":
            raise TypeError("boom")
        return original(corpus, record)

    (repo / "competences" / "essai" / "autre.md").write_text(RECORD.replace("Le service garde", "Le <b>service</b>"),
                                                             encoding="utf-8")
    monkeypatch.setattr(references, "check_record", broken)
    problems = problems_of(repo)
    internal = [p for p in problems if p.code == "LG529"]
    assert [(p.path, p.line) for p in internal] == [("competences/essai/tri.md", 1)]
    assert "TypeError" in internal[0].message and "boom" not in internal[0].message
    assert any(p.path.endswith("autre.md") and p.code == "LG501" for p in problems)  # the others are checked


# Texts that once made the engine or libyaml quadratic, or worse.
PATHOLOGICAL = {
    "crochets": "[" * 100_000, "etoiles": "*" * 100_000, "chevrons": "<" * 100_000, "accents graves": "`" * 100_000,
    "liens": "[a](" * 30_000, "balises": "<a " * 30_000, "images": "![" * 50_000,
    "listes": "".join("  " * (i % 60) + "- x\n" for i in range(5_000)),
    "citations": "> " * 50_000, "ligne longue": "mot " * 40_000,
    "paragraphes": "[x](y.md) [" * 250 + "\n\n" + ("[a] " * 250 + "\n\n") * 80,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_bodies_are_bounded_before_the_engine(name: str, monkeypatch) -> None:
    text = PATHOLOGICAL[name]
    parsed: list[int] = []
    real = mdscan.parse
    monkeypatch.setattr(mdscan, "parse", lambda body, config=None: (parsed.append(len(body)), real(body, config))[1])
    scan = mdscan.scan(text, 1, CONFIG)
    # The engine is quadratic in the « [ » and « < » of a block: it only ever sees bounded ones.
    if parsed:
        for block in text.split("\n\n"):
            assert block.count("[") + block.count("<") <= mdscan.MAX_MARKERS_PER_BLOCK
        assert text.count("[") + text.count("<") <= mdscan.MAX_MARKERS
    elif "[" in text or "<" in text:
        assert scan.too_complex


def test_the_cost_of_the_engine_is_bounded_by_the_markers_allowed() -> None:
    """Count the engine's work on the worst texts allowed, by the size of what it parses: a
    hostile text cannot make it parse more than MAX_MARKERS markers, in blocks of at most
    MAX_MARKERS_PER_BLOCK, whatever its size."""
    worst = ("[x" * (mdscan.MAX_MARKERS_PER_BLOCK - 1) + "\n\n") * (mdscan.MAX_MARKERS // mdscan.MAX_MARKERS_PER_BLOCK)
    assert not mdscan.scan(worst, 1, CONFIG).too_complex
    over = worst + "[x" * mdscan.MAX_MARKERS_PER_BLOCK
    assert mdscan.scan(over, 1, CONFIG).too_complex


def test_depth_prescan_is_linear() -> None:
    """The pre-scan visits each character at most once: count the work through line lengths."""
    calls = []

    class Counting(str):
        def split(self, sep=None, maxsplit=-1):
            parts = str.split(self, sep, maxsplit)
            calls.append(sum(map(len, parts)))
            return parts

    for size in (10_000, 100_000):
        with pytest.raises(strictyaml.YamlError):
            strictyaml.check_depth(Counting("a: " + "[" * size))
    assert calls[1] <= 11 * calls[0]


def test_crafted_files_still_let_every_other_file_be_reported(repo: Path) -> None:
    folder = repo / "competences" / "essai"
    (folder / "a.md").write_bytes(b"---\n" + b"a: " + b"[" * 100_000 + b"\n---\n")
    (folder / "b.md").write_bytes(b"\x00\xff" * 100)
    (folder / "c.md").write_text(RECORD.replace("Le service garde", "Le <script>x</script> garde"), encoding="utf-8")
    result = run_legs(repo, "valider", "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    paths = {p["chemin"] for p in report["problemes"]}
    assert {"competences/essai/a.md", "competences/essai/b.md", "competences/essai/c.md"} <= paths


# Property-based fuzzing: whatever the text, the validator returns problems and never raises.

def _check_record_text(root: Path, text: str | bytes) -> list[Problem]:
    path = root / "competences" / "essai" / "fuzz.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    problems = problems_of(root)
    assert not [p for p in problems if p.code == "LG529"], [p for p in problems if p.code == "LG529"]
    return problems


@pytest.fixture(scope="module")
def fuzz_repo(tmp_path_factory) -> Path:
    return minimal_repo(tmp_path_factory.mktemp("fuzz") / "depot", CIRCLE, config=True)


YAML_ALPHABET = st.sampled_from(list("ab1:- \n\t[]{},'\"#&*!|>?%@`\\~") + ["null", "true", "2026-02-30", "\u202e", "\x00", "é"])


@HYPOTHESIS
@given(st.one_of(st.lists(YAML_ALPHABET, max_size=60).map("".join), st.text(max_size=80)))
def test_fuzz_front_matter_text(fuzz_repo: Path, text: str) -> None:
    _check_record_text(fuzz_repo, "---\n" + text + "\n---\n\n## Contexte\nx\n")


@HYPOTHESIS
@given(st.binary(max_size=200))
def test_fuzz_bytes(fuzz_repo: Path, data: bytes) -> None:
    _check_record_text(fuzz_repo, data)
    _check_record_text(fuzz_repo, b"---\n" + data + b"\n---\n")


MD_ALPHABET = st.sampled_from(list("[]()<>!*_`#-=|:\\&;/ \n\tax1@^{}%\"'~.") + [
    "    ", "javascript:", "https://", "&#x61;", "<script>", "</", "```", "!!! note\n", "[^1]", "\u200b", "{{"])


@HYPOTHESIS
@given(st.lists(MD_ALPHABET, max_size=80).map("".join))
def test_fuzz_bodies(fuzz_repo: Path, body: str) -> None:
    head = RECORD.split("## Contexte")[0]
    _check_record_text(fuzz_repo, head + "## Contexte\n" + body + "\n")
    scan = mdscan.scan(body, 1, CONFIG)
    assert all(1 <= link.line <= body.count("\n") + 1 for link in scan.links)


def _any_value():
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                        st.sampled_from(["2026-02-30", "État", "publiée", "@x", "\u202e", "Sophie Laurent"]))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                        max_leaves=6)


KEYS = ["titre", "resume", "auteur", "metier", "versant", "organisation", "service", "competences", "types_savoir",
        "criticite", "rarete", "statut", "relecteur", "date_relecture", "date_creation", "successeurs", "visibilite"]


@HYPOTHESIS
@given(st.dictionaries(st.sampled_from(KEYS), _any_value(), max_size=len(KEYS)))
def test_fuzz_structured_front_matters(fuzz_repo: Path, values: dict) -> None:
    front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in values.items())
    _check_record_text(fuzz_repo, "---\n" + front + "---\n\n## Contexte\nx\n")


# --- 5. Deceptive characters --------------------------------------------------------------

@pytest.mark.parametrize("char, code", [
    ("\u202e", "LG508"), ("\u2066", "LG508"), ("\u200f", "LG508"), ("\u061c", "LG508"), ("\u200b", "LG508"),
    ("\u200d", "LG508"), ("\u2060", "LG508"), ("\ufeff", "LG508"), ("\u180e", "LG508"),
    ("\x1b", "LG509"), ("\x07", "LG509"), ("\u2028", "LG509"), ("\x85", "LG509"), ("\u00ad", "LG510"),
])
def test_deceptive_characters_are_refused_with_line_column_and_name(repo: Path, char: str, code: str) -> None:
    path = repo / "competences" / "essai" / "tri.md"
    path.write_text(RECORD.replace("titre: Trier", f"titre: Tri{char}er").replace("Le service garde", f"Le serv{char}ice garde"),
                    encoding="utf-8")
    found = [p for p in problems_of(repo) if p.code == code]
    assert [(p.line, p.message.split(" :")[0]) for p in found] == [(2, "colonne 11"), (22, "colonne 8")]
    assert f"U+{ord(char):04X} (" in found[0].message


def test_deceptive_characters_are_refused_in_vocabularies_registry_and_circles(repo: Path) -> None:
    vocab = repo / "competences" / "referentiels" / "metiers.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("libelle: ", "libelle: \u2067", 1), encoding="utf-8")
    people = repo / "competences" / "personnes.yml"
    people.write_text(people.read_text(encoding="utf-8").replace("nom: ", "nom: \u200b", 1), encoding="utf-8")
    circle_path = repo / "competences" / "essai" / "index.md"
    circle_path.write_text(CIRCLE.replace("rythme: Une", "rythme: U\u202ene"), encoding="utf-8")
    paths = {p.path for p in problems_of(repo) if p.code == "LG508"}
    assert paths == {"competences/referentiels/metiers.yml", "competences/personnes.yml", "competences/essai/index.md"}


def test_a_byte_order_mark_at_the_start_is_accepted(repo: Path) -> None:
    path = repo / "competences" / "essai" / "tri.md"
    path.write_bytes(b"\xef\xbb\xbf" + RECORD.encode("utf-8"))
    assert problems_of(repo) == []


# --- 9. Names and e-mails of the registry, in any variant, withdrawn people included --------

@pytest.mark.parametrize("variant", [
    "Sophie Laurent", "sophie  laurent", "Sophie\nLaurent", "Sophie\u00a0Laurent", "So\u200bphie Laurent",
    "Laurent Sophie", "SOPHIE LAURENT", "Sophie Lauren\u0301t", "Ｓｏｐｈｉｅ Ｌａｕｒｅｎｔ", "Sophie-Laurent", "Sôphie Laurent",
])
def test_a_registry_name_in_any_variant_is_refused(variant: str) -> None:
    index = names.NameIndex.build([("slaurent", "Sophie Laurent", "sophie.laurent@exemple.fr")])
    assert [(f.kind, f.person) for f in index.find(f"Demandez à {variant}, au pôle.")] == [("name", "slaurent")]


def test_other_words_are_not_names() -> None:
    index = names.NameIndex.build([("slaurent", "Sophie Laurent", "sophie.laurent@exemple.fr")])
    assert list(index.find("Saint-Laurent, Sophies Laurent, Laurentides, sophie@laurent.fr")) == []


def test_names_are_refused_in_front_matter_fields_of_records_and_circles(repo: Path) -> None:
    record_path = repo / "competences" / "essai" / "tri.md"
    record_path.write_text(RECORD.replace("service: Bureau du courrier", "service: Bureau de Sophie\u00a0Laurent, courrier")
                           .replace("titre: Trier les dossiers", "titre: Trier les dossiers avec Laurent Sophie"), encoding="utf-8")
    circle_path = repo / "competences" / "essai" / "index.md"
    circle_path.write_text(CIRCLE.replace("rythme: Une séance par mois", "rythme: Avec SOPHIE LAURENT"), encoding="utf-8")
    found = {(p.path, p.line) for p in problems_of(repo) if p.code == "LG406"}
    assert found == {("competences/essai/tri.md", 2), ("competences/essai/tri.md", 8), ("competences/essai/index.md", 7)}


def test_withdrawn_people_cannot_be_typed_back_in(repo: Path) -> None:
    people = repo / "competences" / "personnes.yml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "  - id: slaurent\n", "  - id: ancien\n    retrait: true\n    nom: Paul Ancien\n    courriel: paul.ancien@exemple.fr\n"
        "    organisation: prefecture-val-d-orne\n  - id: slaurent\n", 1), encoding="utf-8")
    with_body(repo, "Demander à Paul\nAncien ou à Paul.Ancien@exemple.fr.")
    found = {(p.code, p.line) for p in problems_of(repo) if p.code in ("LG406", "LG408")}
    assert ("LG406", BODY_LINE) in found and ("LG408", BODY_LINE + 1) in found
    from legs import corpus

    loaded = corpus.load(Settings.load(repo), today=TODAY)
    assert loaded.registry.get("ancien").name is None  # never published


def test_registry_emails_are_refused(repo: Path) -> None:
    with_body(repo, "Écrire à Sophie.Laurent@val-d-orne.example.fr pour un rendez-vous.")
    found = [p for p in problems_of(repo) if p.code == "LG408"]
    assert [(p.line, "@slaurent" in p.message) for p in found] == [(BODY_LINE, True)]


# --- 12. Nothing in a path or a text can drive the CI's log ------------------------------------

HOSTILE = ["x\n::set-output name=x::y", "::add-mask::secret", "\x1b[0Ksection_start:1:x\r\x1b[0K", "a%0A::error::b",
           "a\u2028::warning::b", "\x9b31m"]


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("fmt", formatters.FORMATS)
def test_formatters_neutralise_workflow_commands_and_escapes(fmt: str, hostile: str) -> None:
    problem = Problem(f"competences/{hostile}.md", 3, "LG501", Severity.ERROR, f"le titre « {hostile} » est refusé")
    out = formatters.render(fmt, [problem], 1)
    for line in out.split("\n"):
        stripped = line.strip()
        if fmt == "github" and stripped.startswith("::error file="):
            assert stripped.count("::") == 2  # only the command's own
            continue
        assert not stripped.startswith("::") and "::" not in stripped
    assert not any(c in out for c in "\x1b\r\x9b\u2028")
    if fmt in ("json", "gitlab"):
        json.loads(out)


def test_printable_shows_what_was_there() -> None:
    assert formatters.printable("a\nb\x1bc\u202ed::e") == "a\\x0ab\\x1bc\\u202ed: :e"


def test_the_build_logs_problems_through_the_same_function() -> None:
    source = (ROOT / "scripts" / "legs" / "site" / "plugin.py").read_text(encoding="utf-8")
    assert "formatters.text_line(problem)" in source
    assert "problem.message)" not in source


def test_a_hostile_file_name_or_title_does_not_reach_the_log_raw(repo: Path) -> None:
    folder = repo / "competences" / "essai"
    (folder / "x\n::set-output name=x::y\x1b[0Ksection_start:1:x.md").write_text(RECORD, encoding="utf-8")
    path = folder / "tri.md"
    path.write_text(RECORD.replace("titre: Trier les dossiers avant élimination",
                                   'titre: "Trier\\n::add-mask::y \\e[0Ksection_start:1:x"'), encoding="utf-8")
    for fmt in formatters.FORMATS:
        result = run_legs(repo, "valider", "--format", fmt)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "\x1b" not in result.stdout
        assert not any(line.lstrip().startswith(("::set-output", "::add-mask")) for line in result.stdout.split("\n"))
    # The escapes written in YAML are refused too, in the value itself.
    assert {"LG509"} <= {p.code for p in problems_of(repo) if p.path == "competences/essai/tri.md"}
