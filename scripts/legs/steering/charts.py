"""Static SVG charts, drawn at build time: nothing is loaded from elsewhere, and they print.

Each chart carries a title and a description for screen readers, shows its values as text
(not only as colours), and uses patterns of colour that keep their contrast when printed.
"""

from __future__ import annotations

from typing import Sequence

from ..french import number
from ..markup import inline_svg as escape

LEVEL_COLOURS = {"faible": "#e8f5e9", "moyen": "#fff3cd", "élevé": "#f8d7da"}
INK = "#1a1a1a"


def _svg(width: int, height: int, title: str, description: str, body: list[str], ident: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'style="max-width:{width}px" role="img" aria-labelledby="{ident}-t {ident}-d" class="legs-graphique">'
            f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
            f'<style>text{{font-family:sans-serif;fill:{INK}}}</style>' + "".join(body) + "</svg>")


def risk_matrix(counts: dict[tuple[int, int], int], level_of, ident: str = "matrice") -> str:
    """5×5 matrix: attrition factor across, position factor up, number of records in each cell."""
    cell, left, top = 64, 120, 20
    body = []
    for position in range(1, 6):
        for attrition in range(1, 6):
            x, y = left + (attrition - 1) * cell, top + (5 - position) * cell
            total = position * attrition
            count = counts.get((position, attrition), 0)
            body.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{LEVEL_COLOURS[level_of(total)]}" stroke="#555"/>')
            body.append(f'<text x="{x + cell / 2}" y="{y + 26}" text-anchor="middle" font-size="11">{total}</text>')
            if count:
                body.append(f'<text x="{x + cell / 2}" y="{y + 48}" text-anchor="middle" font-size="16" font-weight="bold">{count} fiche{"s" if count > 1 else ""}</text>')
    for i in range(1, 6):
        body.append(f'<text x="{left - 10}" y="{top + (5 - i) * cell + cell / 2 + 5}" text-anchor="end" font-size="13">{i}</text>')
        body.append(f'<text x="{left + (i - 1) * cell + cell / 2}" y="{top + 5 * cell + 20}" text-anchor="middle" font-size="13">{i}</text>')
    body.append(f'<text x="{left + 2.5 * cell}" y="{top + 5 * cell + 42}" text-anchor="middle" font-size="13">Facteur de départ (1 : lointain, 5 : moins d’un an)</text>')
    body.append(f'<text transform="translate(30 {top + 2.5 * cell}) rotate(-90)" text-anchor="middle" font-size="13">Facteur de poste (criticité et rareté)</text>')
    described = ", ".join(f"{n} fiche(s) au poste {p} et au départ {a}" for (p, a), n in sorted(counts.items()) if n)
    return _svg(left + 5 * cell + 20, top + 5 * cell + 55, "Matrice des risques de perte de savoir",
                f"Nombre de fiches par case : {described or 'aucune'}. Chaque case indique le score de risque.", body, ident)


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], unit: str = "", ident: str = "barres",
              maximum: float | None = None) -> str:
    """Vertical bars with their value written above each bar."""
    width, height, left, bottom, top = max(320, 90 * len(labels) + 60), 260, 50, 40, 30
    top_value = maximum or max(list(values) + [1])
    step = (width - left - 10) / max(len(labels), 1)
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#555"/>']
    for i, (label, value) in enumerate(zip(labels, values)):
        bar_height = (height - bottom - top) * (value / top_value if top_value else 0)
        x = left + i * step + step * 0.2
        y = height - bottom - bar_height
        shown = number(value, 1, unit)
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.6:.1f}" height="{bar_height:.1f}" fill="#3949ab"/>')
        body.append(f'<text x="{x + step * 0.3:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="13">{escape(shown)}</text>')
        body.append(f'<text x="{x + step * 0.3:.1f}" y="{height - bottom + 18}" text-anchor="middle" font-size="12">{escape(label)}</text>')
    description = "; ".join(f"{label} : {number(value, 1, unit)}" for label, value in zip(labels, values))
    return _svg(width, height, title, description or "aucune donnée", body, ident)
