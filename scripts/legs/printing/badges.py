"""A badge (« blason ») per circle: a shield in SVG, readable by screen readers."""

from __future__ import annotations

import textwrap

from ..corpus import Corpus
from ..markup import svg as escape
from ..model import Circle

COLOURS = {"État": "#1a237e", "territoriale": "#1b5e20", "hospitalière": "#880e4f"}


def svg(corpus: Corpus, circle: Circle) -> str:
    colour = COLOURS.get(circle.versants[0] if circle.versants else "", "#37474f")
    lines = textwrap.wrap(circle.title, 16)[:4]
    start = 150 - 13 * (len(lines) - 1)
    title = "".join(f'<tspan x="120" y="{start + 27 * i}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    versants = escape(" · ".join(circle.versants))
    count = len(corpus.circle_records(circle.id))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 280" width="240" height="280" role="img" '
        f'aria-labelledby="blason-{escape(circle.id)}-titre">'
        f'<title id="blason-{escape(circle.id)}-titre">Blason du cercle de compétences « {escape(circle.title)} »</title>'
        f'<path d="M20 20 H220 V140 C220 210 170 250 120 270 C70 250 20 210 20 140 Z" fill="{colour}" stroke="#d4af37" stroke-width="8"/>'
        '<path d="M40 40 H200 V138 C200 195 160 228 120 245 C80 228 40 195 40 138 Z" fill="none" stroke="#ffffff" stroke-width="2" stroke-opacity="0.6"/>'
        '<text x="120" y="72" text-anchor="middle" font-family="sans-serif" font-size="15" fill="#d4af37" letter-spacing="2">LEGS</text>'
        f'<text text-anchor="middle" font-family="serif" font-size="22" font-weight="bold" fill="#ffffff">{title}</text>'
        f'<text x="120" y="236" text-anchor="middle" font-family="sans-serif" font-size="11" fill="#ffffff">{versants}</text>'
        f'<text x="120" y="252" text-anchor="middle" font-family="sans-serif" font-size="10" fill="#ffffff">{count} fiche{"s" if count > 1 else ""} legs</text>'
        "</svg>\n")
