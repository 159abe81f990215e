"""Escaping untrusted strings for each kind of output: one helper per context, all here.

Every contributed string (records, circles, grids, the tracking file, vocabularies, the
people registry) is escaped where it is written, for the exact context it lands in,
whatever the validator said about it:

- `html` — HTML or SVG element text and quoted attribute values (quotes included);
- `md` — generated Markdown, shown as plain text;
- `html_text` — the same text in generated HTML (`html_list`, `html_table`);
- `page_meta` — a page's title and description, which Material prints unescaped in
  `<title>`, `<meta name="description">`, the header, the menu and the footer;
- `site_url` / `http_url` — URLs: a relative site URL, or an http(s) address from a setting;
- `svg` — text of a standalone SVG (XML) file;
- `json_for_html` — JSON placed inside an HTML `<script>` element;
- `csv_cell` / `csv_text` — spreadsheet cells that cannot be read as formulas.
"""

from __future__ import annotations

import csv
import html as _html
import io
import json
import re
from typing import Iterable, Mapping, Sequence
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
# Characters XML 1.0 does not allow, even escaped: a standalone SVG with one of them is broken.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def html(text: object) -> Markup:
    """Text for an HTML or SVG element, or for an attribute value between quotes."""
    return escape(str(text))


def md(text: object) -> str:
    """Plain text that Markdown shows as is: no HTML, no emphasis, no links, no attributes."""
    return _MD_SPECIAL.sub(r"\\\1", html_text(text))


def html_text(text: object) -> str:
    """Plain text for generated HTML, on one line: what `md` gives once Markdown has converted it."""
    # Every kind of line break: one in a list item or a table row would end it.
    return _html.escape(" ".join(str(text).splitlines()), quote=False)


def html_link(url: str, text: str) -> str:
    """A link in generated HTML: `url` a site address or a mailto:/tel: one, `text` already HTML."""
    return f'<a href="{html(url)}">{text}</a>'


# Lists and tables of thousands of records are written as HTML, which Markdown passes through:
# converting them as Markdown took seconds per page. Same HTML as Markdown would give. Marked,
# they are even set apart while Markdown converts the kit's own pages (site/prerender.py), as
# reading them as raw HTML still took a third of the conversion of all pages.
HTML_START, HTML_END = "<!--legs-html-->", "<!--/legs-html-->"


def html_list(items: Iterable[str]) -> list[str]:
    """Lines of a list whose items are already HTML, as a block of its own in a Markdown page
    (none without items)."""
    lines = [f"<li>{item}</li>" for item in items]
    return [HTML_START + "<ul>", *lines, "</ul>" + HTML_END] if lines else []


def html_table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Lines of a table whose cells are already HTML, as a block of its own in a Markdown page."""
    lines = [HTML_START + "<table>", "<thead>", "<tr>", *(f"<th>{cell}</th>" for cell in head), "</tr>", "</thead>", "<tbody>"]
    for row in rows:
        lines += ["<tr>", *(f"<td>{cell}</td>" for cell in row), "</tr>"]
    return lines + ["</tbody>", "</table>" + HTML_END]


_BLANKS = re.compile(r"[ \t\r\n\v\f\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """A title or summary on one line (front matter, page title): escaping is left to the output."""
    # Only ordinary blanks fold: the no-break spaces of French typography and numbers stay.
    return _BLANKS.sub(" ", str(text)).strip(" ")


def page_meta(meta: dict) -> None:
    """Escape, in place, the metadata Material prints without escaping (title, description).

    Jinja never escapes a `Markup` twice: templates that print `| e` show the same text.
    """
    for key in ("title", "description"):
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = escape(value)


def site_url(path: str) -> str:
    """A relative URL within the site or a file path in a URL, every segment percent-encoded."""
    return quote(path, safe="/")


def http_url(url: str) -> str:
    """An address from a setting, kept only if it is http(s) with a host; otherwise ""."""
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc and not _NOT_XML.search(url) else ""


def inline_svg(text: object) -> Markup:
    """Text of an SVG drawn inside a Markdown page: one line, or a blank line would end the HTML block."""
    return html(_NOT_XML.sub("", one_line(str(text))))


def svg(text: object) -> str:
    """Text or quoted attribute value of a standalone SVG file (XML): escaped, valid characters only."""
    return str(escape(_NOT_XML.sub("", str(text))))


def json_for_html(value: object) -> str:
    """JSON that cannot close a `<script>` element nor break a JavaScript string."""
    text = json.dumps(value, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


# OWASP « CSV Injection »: a cell starting with one of these is a formula for a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs: a leading quote before a formula sign."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(fields: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """The CSV every export writes: semicolons, every cell quoted and neutralised, a BOM for accents."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(f) for f in fields])
    for row in rows:
        writer.writerow([csv_cell(row.get(f, "")) for f in fields])
    return "\ufeff" + out.getvalue()  # the BOM lets spreadsheet software read the accents
