"""Editable documents: the kit's printable HTML written as OpenDocument text (.odt).

French administrations work in LibreOffice. The grids, the e-mail templates and the
certificate are also given as .odt files, so that an organisation can put in its own logo and
wording. They are written from the very HTML that makes the web page and the PDF (one source),
read by a small converter that knows the few elements the kit prints: headings, paragraphs,
lists, tables, emphasis, and the grids' writing lines, boxes and signature frames.

Every text goes through ElementTree, which escapes it for XML: a hostile value stays text.
The archive follows the OpenDocument packaging rules: `mimetype` first and stored.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

from ..text.french import french
from ..text.markup import html as escape

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

MIMETYPE = "application/vnd.oasis.opendocument.text"
CHECKBOX = "\u2610 "  # ☐, a box to tick by hand
_VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "table", "div", "section", "header", "footer",
           "blockquote", "dl", "dt", "dd", "figure", "nav", "article", "main"}
# Screen-reader text and controls of the web page are not part of the document.
_SKIPPED_CLASSES = {"grille-legende", "ecran-seulement", "md-visually-hidden", "headerlink"}
_SKIPPED_TAGS = {"script", "style", "button", "caption", "svg", "template", "noscript"}


def q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node | str"] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    """HTML fragment to a tree of Nodes, tolerant of unclosed <p> and <li> as browsers are."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _skipped(node: Node) -> bool:
    return node.tag in _SKIPPED_TAGS or bool(node.classes & _SKIPPED_CLASSES) or "hidden" in node.attrs


def _plain(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    if _skipped(node):
        return ""
    return "".join(_plain(child) for child in node.children)


class _Writer:
    """Walks the tree and appends ODF elements to the office:text body."""

    def __init__(self, body: ET.Element) -> None:
        self.body = body

    # Inline content: text, emphasis, links, line breaks, ticking boxes.
    def inline(self, parent: ET.Element, nodes, style: str | None = None) -> None:
        for node in nodes:
            if isinstance(node, str):
                self._text(parent, re.sub(r"[ \t\r\n]+", " ", node))  # as HTML shows it
                continue
            if _skipped(node):
                continue
            if node.tag == "br":
                ET.SubElement(parent, q("text", "line-break"))
            elif "grille-case" in node.classes:
                self._text(parent, CHECKBOX)
            elif node.tag in ("strong", "b", "em", "i"):
                span = ET.SubElement(parent, q("text", "span"), {q("text", "style-name"): "Gras" if node.tag in ("strong", "b") else "Italique"})
                self.inline(span, node.children)
            elif node.tag == "a" and node.attrs.get("href", "").startswith(("https://", "http://", "mailto:")):
                link = ET.SubElement(parent, q("text", "a"), {q("xlink", "type"): "simple", q("xlink", "href"): node.attrs["href"]})
                self.inline(link, node.children)
            else:
                self.inline(parent, node.children)

    @staticmethod
    def _text(parent: ET.Element, text: str) -> None:
        if not text:
            return
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def paragraph(self, parent: ET.Element, nodes, style: str = "Texte") -> ET.Element:
        element = ET.SubElement(parent, q("text", "p"), {q("text", "style-name"): style})
        self.inline(element, nodes)
        if element.text:
            element.text = element.text.lstrip()
        return element

    # Blocks.
    def blocks(self, parent: ET.Element, nodes) -> None:
        loose: list = []  # inline content between blocks becomes a paragraph of its own

        def flush() -> None:
            if any(_plain(n).strip() or (not isinstance(n, str) and "grille-case" in n.classes) for n in loose):
                self.paragraph(parent, loose)
            loose.clear()

        for node in nodes:
            if isinstance(node, str) or (node.tag not in _BLOCKS and "grille-lignes" not in node.classes):
                loose.append(node)
                continue
            flush()
            if not _skipped(node):
                self.block(parent, node)
        flush()

    def block(self, parent: ET.Element, node: Node) -> None:
        tag, classes = node.tag, node.classes
        if tag in ("h1", "h2", "h3", "h4"):
            level = int(tag[1])
            style = next((_CLASS_STYLES[c] for c in node.attrs.get("class", "").split() if c in _CLASS_STYLES), f"Titre{level}")
            heading = ET.SubElement(parent, q("text", "h"), {q("text", "style-name"): style,
                                                            q("text", "outline-level"): str(level)})
            self.inline(heading, node.children)
        elif tag == "p":
            style = next((_CLASS_STYLES[c] for c in node.attrs.get("class", "").split() if c in _CLASS_STYLES), "Texte")
            self.paragraph(parent, node.children, style)
        elif "grille-lignes" in classes:
            for _ in [c for c in node.children if isinstance(c, Node)] or [None]:
                ET.SubElement(parent, q("text", "p"), {q("text", "style-name"): "Ligne"})
        elif tag in ("ul", "ol"):
            self.listing(parent, node)
        elif tag == "table":
            self.table(parent, node)
        elif classes & {"grille-signatures", "signatures"}:
            self.signatures(parent, node)
        elif tag == "blockquote":
            for child in node.children:
                if isinstance(child, Node) and child.tag == "p":
                    self.paragraph(parent, child.children, "Citation")
                elif isinstance(child, Node):
                    self.block(parent, child)
        else:
            self.blocks(parent, node.children)

    def listing(self, parent: ET.Element, node: Node) -> None:
        boxes = "grille-cases" in node.classes
        style = "ListeNumerotee" if node.tag == "ol" else "ListePuces"
        attrs = {} if boxes else {q("text", "style-name"): style}
        holder = parent if boxes else ET.SubElement(parent, q("text", "list"), attrs)
        for item in node.children:
            if not isinstance(item, Node) or item.tag != "li":
                continue
            if boxes:
                self.paragraph(parent, item.children, "Texte")
                continue
            entry = ET.SubElement(holder, q("text", "list-item"))
            self.blocks(entry, item.children)

    def table(self, parent: ET.Element, node: Node) -> None:
        rows = [row for row in _descendants(node, "tr")]
        width = max((sum(int(cell.attrs.get("colspan", "1") or 1) for cell in _cells(row)) for row in rows), default=1)
        table = ET.SubElement(parent, q("table", "table"), {q("table", "style-name"): "Tableau"})
        # A row's own heading (a question, a criterion) gets a wider first column.
        headed = width > 2 and any(_cells(row) and _cells(row)[0].attrs.get("scope") == "row" for row in rows)
        if headed:
            ET.SubElement(table, q("table", "table-column"), {q("table", "style-name"): "ColonneLarge"})
        ET.SubElement(table, q("table", "table-column"), {q("table", "number-columns-repeated"): str(width - headed),
                                                           q("table", "style-name"): "Colonne"})
        head_rows = [row for row in _descendants(node, "thead") for row in _descendants(row, "tr")]
        holder = ET.SubElement(table, q("table", "table-header-rows")) if head_rows else table
        for row in rows:
            if row not in head_rows and holder is not table:
                holder = table
            element = ET.SubElement(holder, q("table", "table-row"), {q("table", "style-name"): "Rangee"})
            for cell in _cells(row):
                header = cell.tag == "th"
                box = ET.SubElement(element, q("table", "table-cell"),
                                    {q("table", "style-name"): "CelluleEntete" if header else "Cellule",
                                     q("office", "value-type"): "string"})
                if int(cell.attrs.get("colspan", "1") or 1) > 1:
                    box.set(q("table", "number-columns-spanned"), cell.attrs["colspan"])
                self.blocks(box, cell.children) if any(isinstance(c, Node) and c.tag in _BLOCKS for c in cell.children) \
                    else self.paragraph(box, cell.children, "CelluleTitre" if header else "Cellule")

    def signatures(self, parent: ET.Element, node: Node) -> None:
        frames = [child for child in node.children if isinstance(child, Node)]
        table = ET.SubElement(parent, q("table", "table"), {q("table", "style-name"): "Tableau"})
        ET.SubElement(table, q("table", "table-column"), {q("table", "number-columns-repeated"): str(max(len(frames), 1)),
                                                           q("table", "style-name"): "Colonne"})
        row = ET.SubElement(table, q("table", "table-row"), {q("table", "style-name"): "RangeeSignature"})
        for frame in frames:
            cell = ET.SubElement(row, q("table", "table-cell"), {q("table", "style-name"): "Cellule",
                                                                  q("office", "value-type"): "string"})
            self.blocks(cell, frame.children)


# Paragraph styles for the classes of the kit's printable HTML (grids, certificate).
_CLASS_STYLES = {"grille-petit": "Petit", "grille-libelle": "Libelle", "grille-consigne": "Consigne",
                 "grille-objet": "Consigne", "surtitre": "CertSurtitre", "decerne": "CertCentre", "pour": "CertCentre",
                 "cercle": "CertCentre", "date": "CertCentre", "nom": "CertNom", "fiche": "CertFiche",
                 "nom-signataire": "Libelle", "role": "Petit", "ligne": "LigneSignature",
                 "titre-certificat": "CertTitre"}


def _cells(row: Node) -> list[Node]:
    return [cell for cell in row.children if isinstance(cell, Node) and cell.tag in ("th", "td")]


def _descendants(node: Node, tag: str):
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                yield child
            elif child.tag != "table":  # a nested table keeps its own rows
                yield from _descendants(child, tag)


def document(title: str, html: str, today: dt.date | None = None, heading: bool = True, landscape: bool = False) -> bytes:
    """The .odt file (bytes) of an HTML fragment, titled `title` (metadata, and first heading
    unless the fragment has its own)."""
    content = ET.Element(q("office", "document-content"), {q("office", "version"): "1.3"})
    content.append(ET.fromstring(_sideways(CONTENT_STYLES) if landscape else CONTENT_STYLES))
    body = ET.SubElement(ET.SubElement(content, q("office", "body")), q("office", "text"))
    writer = _Writer(body)
    writer.blocks(body, parse(french((f"<h1>{escape(title)}</h1>" if heading else "") + html)).children)
    return _package(title, ET.tostring(content, encoding="utf-8", xml_declaration=True), today or dt.date.today(),
                    _sideways(STYLES) if landscape else STYLES)


def write(target: Path, title: str, html: str, today: dt.date | None = None, heading: bool = True,
          landscape: bool = False) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    data = document(title, html, today, heading, landscape)
    if not target.exists() or target.read_bytes() != data:  # unchanged files keep their date
        target.write_bytes(data)
    return target


def _package(title: str, content: bytes, today: dt.date, styles: str) -> bytes:
    meta = ET.Element(q("office", "document-meta"), {q("office", "version"): "1.3"})
    holder = ET.SubElement(meta, q("office", "meta"))
    ET.SubElement(holder, q("dc", "title")).text = title
    ET.SubElement(holder, q("meta", "generator")).text = "Kit legs de compétences"
    ET.SubElement(holder, q("dc", "language")).text = "fr-FR"
    ET.SubElement(holder, q("meta", "creation-date")).text = f"{today.isoformat()}T00:00:00"
    manifest = ET.Element(q("manifest", "manifest"), {q("manifest", "version"): "1.3"})
    for path, kind in (("/", MIMETYPE), ("content.xml", "text/xml"), ("styles.xml", "text/xml"), ("meta.xml", "text/xml")):
        ET.SubElement(manifest, q("manifest", "file-entry"), {q("manifest", "full-path"): path, q("manifest", "media-type"): kind})
    buffer = io.BytesIO()
    stamp = (today.year, today.month, today.day, 0, 0, 0)  # same input, same bytes
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", stamp), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, data in (("content.xml", content), ("styles.xml", styles.encode("utf-8")),
                           ("meta.xml", ET.tostring(meta, encoding="utf-8", xml_declaration=True)),
                           ("META-INF/manifest.xml", ET.tostring(manifest, encoding="utf-8", xml_declaration=True))):
            archive.writestr(zipfile.ZipInfo(name, stamp), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _sideways(styles: str) -> str:
    """The same styles on an A4 page turned sideways, tables as wide as its text."""
    return (styles.replace('fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"',
                           'fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape"')
            .replace('style:width="17.4cm"', 'style:width="26.1cm"'))


# A4 page, the fonts LibreOffice ships (Liberation, DejaVu), the kit's blue for headings.
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="{NS['office']}" xmlns:style="{NS['style']}" xmlns:text="{NS['text']}"
 xmlns:table="{NS['table']}" xmlns:fo="{NS['fo']}" office:version="1.3">
 <office:font-face-decls>
  <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
   <style:text-properties style:font-name="Liberation Sans" fo:font-size="10.5pt" fo:language="fr" fo:country="FR" fo:hyphenate="true"/>
  </style:default-style>
  <style:style style:name="Texte" style:family="paragraph">
   <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.18cm"/>
  </style:style>
  <style:style style:name="Titre1" style:family="paragraph" style:parent-style-name="Texte" style:default-outline-level="1">
   <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.3cm" fo:keep-with-next="always"/>
   <style:text-properties fo:font-size="17pt" fo:font-weight="bold" fo:color="#1a237e"/>
  </style:style>
  <style:style style:name="Titre2" style:family="paragraph" style:parent-style-name="Texte" style:default-outline-level="2">
   <style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"
    fo:border-bottom="0.06pt solid #1a237e" fo:padding-bottom="0.05cm"/>
   <style:text-properties fo:font-size="13pt" fo:font-weight="bold" fo:color="#1a237e"/>
  </style:style>
  <style:style style:name="Titre3" style:family="paragraph" style:parent-style-name="Texte" style:default-outline-level="3">
   <style:paragraph-properties fo:margin-top="0.3cm" fo:keep-with-next="always"/>
   <style:text-properties fo:font-size="11.5pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Titre4" style:family="paragraph" style:parent-style-name="Titre3"/>
  <style:style style:name="Consigne" style:family="paragraph" style:parent-style-name="Texte">
   <style:text-properties fo:font-style="italic" fo:color="#333333"/>
  </style:style>
  <style:style style:name="Libelle" style:family="paragraph" style:parent-style-name="Texte">
   <style:paragraph-properties fo:margin-top="0.15cm" fo:margin-bottom="0cm" fo:keep-with-next="always"/>
   <style:text-properties fo:font-weight="bold" fo:font-size="10pt"/>
  </style:style>
  <style:style style:name="Petit" style:family="paragraph" style:parent-style-name="Texte">
   <style:text-properties fo:font-size="8pt" fo:color="#555555"/>
  </style:style>
  <style:style style:name="Citation" style:family="paragraph" style:parent-style-name="Texte">
   <style:paragraph-properties fo:margin-left="0.6cm" fo:border-left="1.5pt solid #9fa8da" fo:padding-left="0.2cm"/>
  </style:style>
  <style:style style:name="Ligne" style:family="paragraph" style:parent-style-name="Texte">
   <style:paragraph-properties fo:margin-bottom="0cm" fo:line-height="0.85cm" fo:border-bottom="0.06pt solid #777777"/>
  </style:style>
  <style:style style:name="Cellule" style:family="paragraph" style:parent-style-name="Texte">
   <style:paragraph-properties fo:margin-bottom="0cm"/>
  </style:style>
  <style:style style:name="CelluleTitre" style:family="paragraph" style:parent-style-name="Cellule">
   <style:text-properties fo:font-weight="bold" fo:font-size="9.5pt"/>
  </style:style>
  <style:style style:name="CertCentre" style:family="paragraph" style:parent-style-name="Texte">
   <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.35cm"/>
   <style:text-properties fo:font-size="13pt"/>
  </style:style>
  <style:style style:name="CertSurtitre" style:family="paragraph" style:parent-style-name="CertCentre">
   <style:paragraph-properties fo:margin-top="2cm"/>
   <style:text-properties fo:font-size="11pt" fo:letter-spacing="0.05cm" fo:color="#1a237e"/>
  </style:style>
  <style:style style:name="CertTitre" style:family="paragraph" style:parent-style-name="CertCentre" style:default-outline-level="1">
   <style:text-properties fo:font-size="30pt" fo:font-weight="bold" fo:color="#1a237e"/>
  </style:style>
  <style:style style:name="CertNom" style:family="paragraph" style:parent-style-name="CertCentre">
   <style:text-properties fo:font-size="24pt" fo:font-weight="bold" fo:color="#1a237e"/>
  </style:style>
  <style:style style:name="CertFiche" style:family="paragraph" style:parent-style-name="CertCentre">
   <style:text-properties fo:font-size="16pt" fo:font-style="italic"/>
  </style:style>
  <style:style style:name="LigneSignature" style:family="paragraph" style:parent-style-name="Petit">
   <style:paragraph-properties fo:margin-top="1.6cm" fo:border-top="0.06pt solid #111111"/>
  </style:style>
  <style:style style:name="Gras" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="Italique" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="A4">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"
    fo:margin-top="1.6cm" fo:margin-bottom="1.6cm" fo:margin-left="1.8cm" fo:margin-right="1.8cm"/>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="A4"/>
 </office:master-styles>
</office:document-styles>
"""

# Styles of tables and lists: automatic styles of the content itself (ODF does not let content
# use the automatic styles of styles.xml).
CONTENT_STYLES = f"""<office:automatic-styles xmlns:office="{NS['office']}" xmlns:style="{NS['style']}"
 xmlns:text="{NS['text']}" xmlns:table="{NS['table']}" xmlns:fo="{NS['fo']}">
  <style:style style:name="Tableau" style:family="table">
   <style:table-properties style:width="17.4cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.25cm"/>
  </style:style>
  <style:style style:name="Colonne" style:family="table-column">
   <style:table-column-properties style:rel-column-width="1000*"/>
  </style:style>
  <style:style style:name="ColonneLarge" style:family="table-column">
   <style:table-column-properties style:rel-column-width="2600*"/>
  </style:style>
  <style:style style:name="Rangee" style:family="table-row">
   <style:table-row-properties style:min-row-height="0.9cm" fo:keep-together="always"/>
  </style:style>
  <style:style style:name="RangeeSignature" style:family="table-row">
   <style:table-row-properties style:min-row-height="2.8cm"/>
  </style:style>
  <style:style style:name="Cellule" style:family="table-cell">
   <style:table-cell-properties fo:border="0.06pt solid #111111" fo:padding="0.1cm"/>
  </style:style>
  <style:style style:name="CelluleEntete" style:family="table-cell">
   <style:table-cell-properties fo:border="0.06pt solid #111111" fo:padding="0.1cm" fo:background-color="#e8eaf6"/>
  </style:style>
  <text:list-style style:name="ListePuces">
   <text:list-level-style-bullet text:level="1" text:bullet-char="•">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
     <style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.4cm" fo:margin-left="0.8cm"/>
    </style:list-level-properties>
   </text:list-level-style-bullet>
   <text:list-level-style-bullet text:level="2" text:bullet-char="–">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
     <style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.4cm" fo:margin-left="1.4cm"/>
    </style:list-level-properties>
   </text:list-level-style-bullet>
  </text:list-style>
  <text:list-style style:name="ListeNumerotee">
   <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
     <style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.5cm" fo:margin-left="0.9cm"/>
    </style:list-level-properties>
   </text:list-level-style-number>
   <text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="a">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
     <style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.5cm" fo:margin-left="1.5cm"/>
    </style:list-level-properties>
   </text:list-level-style-number>
  </text:list-style>
 </office:automatic-styles>"""


def build_editable(forms, docs_dir: Path, out_dir: Path, issued_by=None, today: dt.date | None = None) -> list[Path]:
    """The .odt files of the kit, beside its PDFs: every grid, the e-mail templates and the
    certificate's model."""
    from ..corpus.forms import form_html
    from . import certificates
    from .guide import markdown_page

    written = [write(out_dir / "grilles" / f"{form.id}.odt", form.title, form_html(form), today, landscape=form.landscape)
               for form in forms]  # see form_odt
    written.append(write(out_dir / CERTIFICATE, "Certificat de legs (modèle)", certificates.template(issued_by), today, heading=False))
    for source, name in EDITABLE_PAGES:
        path = docs_dir / source
        if path.is_file():
            title, body = markdown_page(path)
            written.append(write(out_dir / name, title, body, today))
    return written


# Kit pages given as editable files too: (page of docs/, file written beside the PDFs).
EDITABLE_PAGES = (("kit/courriels.md", "kit/modeles-de-courriels.odt"),)
CERTIFICATE = "kit/modele-certificat.odt"
