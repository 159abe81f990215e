"""Static SVG charts, drawn at build time: nothing is loaded from elsewhere, and they print.

Each chart has a visible title, labelled axes with their unit, a name and a description for
screen readers, and its figures written as text; `figure` puts it above an HTML table with the
same figures. Levels are told apart by a word and a pattern, not by colour alone. Every
contributed string is escaped for SVG or HTML (`markup.inline_svg`, one line, so that the raw
HTML block of the Markdown page stays whole).
"""

from __future__ import annotations

import math
import re
from typing import Sequence

from markupsafe import Markup

from ..text.french import NBSP, NNBSP, number
from ..text.markup import inline_svg

_NO_BREAK = re.compile(f"([{NBSP}{NNBSP}])")

INK = "#1a1a1a"
BAR = "#3949ab"
GRID = "#767676"  # 4.5:1 on white: axes and grid lines stay visible
# Level → (fill, pattern drawn in the left strip of a cell and in the legend). Text stays #1a1a1a on each fill.
LEVEL_STYLES = {
    "faible": ("#e8f5e9", "plein"),
    "moyen": ("#fff3cd", "hachures"),
    "élevé": ("#f8d7da", "quadrillage"),
    "inconnu": ("#e3e3e3", "points"),
}
LEVEL_LEGENDS = {"faible": "faible (score 1 à 8)", "moyen": "moyen (score 9 à 15)", "élevé": "élevé (score 16 à 25)",
                 "inconnu": "inconnu (date de départ manquante)"}
_CHAR = 0.62  # average width of a sans-serif glyph, in font sizes: wide enough for digits and capitals


def escape(text: object) -> Markup:
    """`markup.inline_svg`, keeping the no-break spaces of French numbers (« 83,3 % », « 1 234 »),
    which it folds into plain spaces like every other space."""
    parts = _NO_BREAK.split(str(text))
    return Markup("").join(inline_svg(part) if i % 2 == 0 else part for i, part in enumerate(parts))


def fit(text: str, room: float, size: float, smallest: float = 8) -> float:
    """The font size, at most `size`, that keeps `text` within `room` pixels."""
    return max(smallest, min(size, room / (_CHAR * max(len(text), 1))))


def shorten(text: str, room: float, size: float) -> str:
    """`text` cut with « … » if it does not fit `room` pixels at `size`: the table keeps it whole."""
    most = max(int(room / (_CHAR * size)), 2)
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def _text(x: float, y: float, text: str, size: float, anchor: str = "middle", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size:.1f}"{extra}>'
            f'{escape(text)}</text>')


def _patterns(ident: str) -> str:
    return (f'<defs><pattern id="{ident}-hachures" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<path d="M0 6L6 0" stroke="#7a5c00" stroke-width="1.5"/></pattern>'
            f'<pattern id="{ident}-quadrillage" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<path d="M0 6L6 0M0 0L6 6" stroke="#8b1a2b" stroke-width="1.2"/></pattern>'
            f'<pattern id="{ident}-points" width="5" height="5" patternUnits="userSpaceOnUse">'
            f'<circle cx="2.5" cy="2.5" r="1.3" fill="#333"/></pattern></defs>')


def _swatch(ident: str, level: str, x: float, y: float, width: float, height: float, strip: float = 10) -> list[str]:
    """A cell of a level: its colour, and its pattern in a strip on the left."""
    fill, pattern = LEVEL_STYLES[level]
    parts = [f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}" stroke="#555"/>']
    if pattern != "plein":
        parts.append(f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{strip:.1f}" height="{height - 2:.1f}" '
                     f'fill="url(#{ident}-{pattern})"/>')
    return parts


def _svg(width: float, height: float, title: str, description: str, body: list[str], ident: str, defs: str = "") -> str:
    visible = _text(width / 2, 22, title, fit(title, width - 20, 16), extra=' font-weight="bold" aria-hidden="true"')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="{ident}-t {ident}-d" '
            f'style="max-width:100%;min-width:{0.8 * width:.0f}px;height:auto" '
            f'class="legs-graphique">'
            f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
            f'<style>text{{font-family:sans-serif;fill:{INK}}}</style>{defs}{visible}' + "".join(body) + "</svg>")


def data_table(caption: str, headers: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]], ident: str) -> str:
    """The figures of a chart as a table: a caption, column headers, one header cell per row.

    No class: the theme styles it like the Markdown tables and lets it scroll sideways in its
    own frame when the screen is too narrow."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(f'<tr><th scope="row">{escape(label)}</th>' + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"
                   for label, cells in rows)
    return (f'<table id="{ident}"><caption>{escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def figure(chart: str, table: str) -> str:
    """A chart with its table right below, as one raw HTML block of the Markdown page.

    On a narrow screen the drawing scrolls sideways rather than shrinking below a readable size;
    its frame takes the focus so that it scrolls with the keyboard too. The style is inline: it
    must hold even without the kit's style sheet."""
    return (f'<div class="legs-figure"><div class="legs-figure__dessin" tabindex="0" role="group" '
            f'aria-label="Graphique (défile sur le côté sur un petit écran)" style="overflow-x:auto">{chart}</div>'
            f"{table}</div>")


def level_legend(ident: str, levels: Sequence[str], x: float, y: float, column: float) -> list[str]:
    body = []
    for i, level in enumerate(levels):
        lx, ly = x + (i % 2) * column, y + (i // 2) * 24
        body += _swatch(ident, level, lx, ly, 28, 16, strip=10)
        body.append(_text(lx + 36, ly + 13, LEVEL_LEGENDS[level], fit(LEVEL_LEGENDS[level], column - 44, 12), "start"))
    return body


def risk_matrix(counts: dict[tuple[int, int | None], int], level_of, ident: str = "matrice") -> str:
    """Position factor up (1 to 5), attrition factor across (1 to 5, then « inconnu » for a departure
    date missing), the number of records in each cell. `level_of(position, attrition)` names the cell's level."""
    cell_w, cell_h, gap, left, top = 84, 64, 12, 84, 44
    columns: list[int | None] = [1, 2, 3, 4, 5, None]
    body = []

    def column_x(attrition: int | None) -> float:
        return left + (attrition - 1) * cell_w if attrition else left + 5 * cell_w + gap

    for position in range(1, 6):
        y = top + (5 - position) * cell_h
        for attrition in columns:
            x = column_x(attrition)
            name = level_of(position, attrition)
            count = counts.get((position, attrition), 0)
            body += _swatch(ident, name, x, y, cell_w, cell_h)
            room = cell_w - 18  # the patterned strip and a margin on each side
            cx = x + 10 + (cell_w - 10) / 2
            score = f"{position * attrition} · {name}" if attrition else f"? · {name}"
            body.append(_text(cx, y + 16, score, fit(score, room, 11)))
            if count:
                figure_text = number(count, 0)
                body.append(_text(cx, y + 40, figure_text, fit(figure_text, room, 18), extra=' font-weight="bold"'))
                word = "fiches" if count > 1 else "fiche"
                body.append(_text(cx, y + 56, word, fit(word, room, 11)))
    bottom = top + 5 * cell_h
    for i in range(1, 6):
        body.append(_text(left - 10, top + (5 - i) * cell_h + cell_h / 2 + 5, str(i), 13, "end"))
    for attrition in columns:
        body.append(_text(column_x(attrition) + cell_w / 2, bottom + 18, str(attrition) if attrition else "inconnu", 13))
    width = left + 6 * cell_w + gap + 16
    x_label = "Facteur de départ (1 : dans plus de 5 ans, 5 : dans moins d’un an)"
    body.append(_text(left + 3 * cell_w, bottom + 40, x_label, fit(x_label, 6 * cell_w, 13)))
    body.append(f'<text transform="translate(34 {top + 2.5 * cell_h}) rotate(-90)" text-anchor="middle" '
                f'font-size="13">Facteur de poste (criticité et rareté)</text>')
    body += level_legend(ident, ["faible", "moyen", "élevé", "inconnu"], 24, bottom + 60, (width - 40) / 2)
    described = ", ".join(f"{number(n, 0)} au poste {p} et au départ {a or 'inconnu'}"
                          for (p, a), n in sorted(counts.items(), key=lambda item: (item[0][0], item[0][1] or 6)) if n)
    return _svg(width, bottom + 112, "Matrice des risques de perte de savoir",
                f"Nombre de fiches par case : {described or 'aucune'}. Chaque case indique son score et son niveau.",
                body, ident, _patterns(ident))


def nice_top(value: float) -> float:
    """A round top for a value axis: 1, 2, 2,5 or 5 times a power of ten, at least `value`."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], axis: str, unit: str = "",
              ident: str = "barres", maximum: float | None = None, digits: int = 0) -> str:
    """Vertical bars with their value written above each bar; `axis` names the values and their unit."""
    left, right, top, bottom = 78, 16, 48, 64
    width, height = max(440, 96 * len(labels) + left + right), 300
    top_value = maximum or nice_top(max(list(values) + [0]))
    plot = height - top - bottom
    step = (width - left - right) / max(len(labels), 1)
    body = []
    for tick in (0, top_value / 2, top_value):
        y = height - bottom - plot * tick / top_value
        dashes = ' stroke-dasharray="3 3"' if tick else ""  # the zero line is the axis, solid
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"{dashes}/>')
        body.append(_text(left - 8, y + 4, number(tick, 1, unit), 12, "end"))
    for i, (label, value) in enumerate(zip(labels, values)):
        bar_height = plot * min(value / top_value, 1)
        x = left + i * step + step * 0.2
        y = height - bottom - bar_height
        shown = number(value, digits, unit)
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.6:.1f}" height="{bar_height:.1f}" fill="{BAR}"/>')
        body.append(_text(x + step * 0.3, y - 6, shown, fit(shown, step - 4, 13)))
        short = shorten(label, step - 6, 10)
        body.append(_text(x + step * 0.3, height - bottom + 18, short, fit(short, step - 6, 12)))
    body.append(_text(left + (width - left - right) / 2, height - 14, "Période", 13))
    body.append(f'<text transform="translate(18 {top + plot / 2:.1f}) rotate(-90)" text-anchor="middle" '
                f'font-size="{fit(axis, plot + bottom, 13):.1f}">{escape(axis)}</text>')
    description = "; ".join(f"{label} : {number(value, digits, unit)}" for label, value in zip(labels, values))
    return _svg(width, height, title, f"{axis}. {description or 'aucune donnée'}.", body, ident)
