"""One reading of contributed Markdown, shared by the validator and the build.

What is a link, an image or raw HTML is decided by the engine the build uses:
Python-Markdown, with the extensions of `mkdocs.yml` (`markdown_extensions`, plus those
MkDocs always adds) and without `attr_list`, which the build's guard (`site/untrusted.py`) removes
from contributed pages. Links and images are read from the element tree, raw HTML from what
the engine puts in its raw-HTML stash; the guard walks the same tree with `tree_links`, and
both classify each target with `links.classify`.

Speed and safety:
- Without « [ » nor « < » the engine cannot produce any link, image or raw HTML (every link,
  image, reference, footnote and autolink syntax starts with « [ » or « < »; attr_list is
  off): such texts, most of them, are not parsed at all.
- Python-Markdown is quadratic in the number of « [ » and « < » in one block. Before parsing,
  a linear count bounds them per block and per text (MAX_MARKERS_PER_BLOCK, MAX_MARKERS);
  a text over the bounds is reported (it would also slow down the build) and not parsed.

Lines: Python-Markdown keeps no source positions. Each finding is located by searching its
text (the URL as written, or the first line of the HTML fragment) in the source, tabs
expanded as the engine does, from just after the previous finding of the same kind (findings
come in document order); if it is not found further on, from the start (a footnote, or a
reference definition written above its use); if not at all (the engine rewrote it), at the
previous finding's line. The line is that of the match.

Headings, mentions and templates are found line by line, with regexes that follow the
engine's rules for ATX and setext headings; fenced code blocks and code spans are skipped.
"""

from __future__ import annotations

import bisect
import html as html_module
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from markdown import Markdown, util
from markdown.inlinepatterns import HtmlInlineProcessor
from markdown.preprocessors import HtmlBlockPreprocessor

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
MENTION = re.compile(r"(?<![\w.@/])@([a-z0-9]+(?:[._-][a-z0-9]+)*)")
_TEMPLATE = re.compile(r"\{[{%#]")
_PLACEHOLDER = re.compile(f"{util.STX}(\\d+){util.ETX}")

# Python-Markdown's cost grows with the square of the « [ » and « < » of one block.
MAX_MARKERS_PER_BLOCK = 300
MAX_MARKERS = 3000

# The extensions of the kit's own mkdocs.yml, if a repository has none.
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code", "admonition", "attr_list", "def_list", "footnotes")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    image: bool


@dataclass
class Scan:
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    html: list[tuple[int, str]] = field(default_factory=list)
    mentions: list[tuple[str, int]] = field(default_factory=list)
    templates: list[int] = field(default_factory=list)
    # Lines of text (not code), kept for the sections' emptiness check.
    text_lines: list[tuple[int, str]] = field(default_factory=list)
    # (line, count) of a block, or of the text (line 0 then), with too many « [ » and « < »;
    # count -1: nested too deeply for the engine. The text's links were then not read.
    too_complex: list[tuple[int, int]] = field(default_factory=list)


# --- The engine, configured as the build -------------------------------------------------

def markdown_extensions(config_file: Path | None) -> tuple[list[str], dict[str, dict]]:
    """The Markdown extensions MkDocs uses for the site of `config_file`, with their options."""
    import yaml
    from mkdocs.config.defaults import MkDocsConfig

    from .settings import _ConfigLoader

    declared: list = list(DEFAULT_EXTENSIONS)
    if config_file is not None and config_file.is_file():
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
        declared = config.get("markdown_extensions") or []
    names: list[str] = list(MkDocsConfig.markdown_extensions.builtins)
    options: dict[str, dict] = {}
    for entry in declared:
        items = entry.items() if isinstance(entry, dict) else [(entry, None)]
        for name, value in items:
            if str(name) not in names:
                names.append(str(name))
            if isinstance(value, dict):
                options[str(name)] = value
    return names, options


class _HtmlBlocks(HtmlBlockPreprocessor):
    """The engine's raw-HTML block reader, noting what it stashes (code blocks are stashed too)."""

    def run(self, lines: list[str]) -> list[str]:
        before = len(self.md.htmlStash.rawHtmlBlocks)
        lines = super().run(lines)
        self.md.legs_html.extend(b for b in self.md.htmlStash.rawHtmlBlocks[before:] if isinstance(b, str))
        return lines


class _InlineHtml(HtmlInlineProcessor):
    """The engine's inline raw-HTML pattern, noting each fragment it stashes."""

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        result = super().handleMatch(m, data)
        self.md.legs_html.append(self.md.htmlStash.rawHtmlBlocks[-1])
        return result


@lru_cache(maxsize=8)
def _engine(config_file: str | None) -> Markdown:
    names, options = markdown_extensions(Path(config_file) if config_file else None)
    md = Markdown(extensions=names, extension_configs=options)
    # As the build's guard does on contributed pages (untrusted.UntrustedContent).
    md.treeprocessors.deregister("attr_list", strict=False)
    if "html_block" in md.preprocessors:
        md.preprocessors.register(_HtmlBlocks(md), "html_block", 20)  # Python-Markdown's own priorities
    md.inlinePatterns.register(_InlineHtml(md.inlinePatterns["html"].compiled_re.pattern, md), "html", 90)
    md.legs_html = []
    return md


def parse(text: str, config_file: Path | None = None) -> tuple[etree.Element, list[str], Markdown]:
    """The element tree of `text` and its raw-HTML fragments, as the build's engine reads them."""
    md = _engine(str(config_file) if config_file else None)
    md.reset()
    md.legs_html = []
    lines = text.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    for treeprocessor in md.treeprocessors:
        new_root = treeprocessor.run(root)
        if new_root is not None:
            root = new_root
    return root, list(md.legs_html), md


def tree_links(root: etree.Element) -> Iterator[tuple[etree.Element, str, str]]:
    """(element, attribute, target) of every link and image of a tree, target decoded."""
    for element in root.iter():
        attribute = "href" if element.tag == "a" else "src" if element.tag == "img" else None
        if attribute is None or element.get(attribute) is None:
            continue
        yield element, attribute, decode_url(element.get(attribute))


def decode_url(value: str) -> str:
    """A target as the browser will read it: escapes restored, e-mail obfuscation undone."""
    value = _PLACEHOLDER.sub(lambda m: chr(int(m.group(1))), value)
    if util.AMP_SUBSTITUTE in value:  # automatic e-mail links: every character as an entity
        value = html_module.unescape(value.replace(util.AMP_SUBSTITUTE, "&"))
    return value


# --- Scanning a contributed text ---------------------------------------------------------

def scan(body: str, first_line: int = 1, config_file: Path | None = None) -> Scan:
    result = Scan()
    fence: str | None = None
    previous = ""
    # « [ » and « < » per block (lines between blank lines), counted on the raw text.
    markers = block_markers = 0
    block_line = first_line
    for offset, raw in enumerate(body.split("\n")):
        line_no = first_line + offset
        if not raw.strip():
            block_markers, block_line = 0, line_no + 1
        elif "[" in raw or "<" in raw:
            count = raw.count("[") + raw.count("<")
            markers += count
            block_markers += count
            if block_markers > MAX_MARKERS_PER_BLOCK and not any(line == block_line for line, _ in result.too_complex):
                result.too_complex.append((block_line, block_markers))
        opening = _FENCE.match(raw)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            else:
                result.text_lines.append((line_no, "code"))
            continue
        if opening:
            fence = opening.group(1)
            result.text_lines.append((line_no, "code"))
            continue
        # Cheap membership tests first: most lines are plain prose and need no regex.
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), raw) if "`" in raw else raw
        stripped = line.lstrip()
        if stripped.startswith("#"):
            heading = _ATX.match(line)
            if heading:
                result.headings.append(Heading(len(heading.group(1)), (heading.group(2) or "").strip(), line_no))
        elif stripped.startswith("=") and previous.strip() and _SETEXT_H1.match(line):
            result.headings.append(Heading(1, previous.strip(), line_no - 1))
        if "@" in line:
            result.mentions.extend((m.group(1), line_no) for m in MENTION.finditer(line))
        if "{" in line and _TEMPLATE.search(line):
            result.templates.append(line_no)
        if line.strip():
            result.text_lines.append((line_no, line))
        previous = line
    if markers > MAX_MARKERS:
        result.too_complex.append((0, markers))
    if markers and not result.too_complex:
        try:
            _read_with_engine(body, first_line, config_file, result)
        except RecursionError:
            result.too_complex.append((first_line, -1))
    return result


def _read_with_engine(body: str, first_line: int, config_file: Path | None, result: Scan) -> None:
    root, fragments, _ = parse(body, config_file)
    where = _Locator(body.expandtabs(4), first_line)
    for _element, attribute, url in tree_links(root):
        needles = [url, url.removeprefix("mailto:")] if url.startswith("mailto:") else [url]
        result.links.append(Link(url, where.line("link", needles), image=attribute == "src"))
    for fragment in fragments:
        first = fragment.strip().split("\n", 1)[0].strip()
        if first:
            result.html.append((where.line("html", [first]), first[:60]))


class _Locator:
    """Lines of findings in the source, searched in document order (see the module's doc)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text, self.first_line = text, first_line
        self.cursors: dict[str, int] = {}
        self.lines: dict[str, int] = {}
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, kind: str, needles: list[str]) -> int:
        cursor = self.cursors.get(kind, 0)
        for needle in needles:
            if not needle:
                continue
            found = self.text.find(needle, cursor)
            if found < 0:
                found = self.text.find(needle)
            if found >= 0:
                self.cursors[kind] = found + len(needle)
                self.lines[kind] = self.first_line + bisect.bisect_left(self.newlines, found)
                return self.lines[kind]
        return self.lines.get(kind, self.first_line)
