"""A badge (« blason ») per circle: a shield in SVG, readable by screen readers.

Texts are laid out to stay inside the shield whatever their length: each line gets the
width of the shield at its height, the font shrinks for long names, and what still does not
fit ends with « … » (the full name stays in the SVG's title). A clip to the shield is the
last safety net for a font wider than expected.
"""

from __future__ import annotations

from ..content.model import Circle
from ..corpus import Corpus
from ..text.markup import svg as escape

COLOURS = {"État": "#1a237e", "territoriale": "#1b5e20", "hospitalière": "#880e4f"}
OUTER = "M20 20 H220 V150 C220 212 174 250 120 272 C66 250 20 212 20 150 Z"
INNER = "M36 36 H204 V150 C204 203 164 236 120 254 C76 236 36 203 36 150 Z"
_CURVE = ((204, 150), (204, 203), (164, 236), (120, 254))  # right side of INNER's lower part
CENTRE, PADDING = 120, 7
TITLE_BOX, TITLE_SIZES = (80, 180), (22, 20, 18, 16, 14, 12)
FOOT_BOX, FOOT_SIZES = (186, 238), (11, 10, 9, 8, 7)
ELLIPSIS = "…"


def _bezier(t: float, axis: int) -> float:
    p = [point[axis] for point in _CURVE]
    return (1 - t) ** 3 * p[0] + 3 * t * (1 - t) ** 2 * p[1] + 3 * t * t * (1 - t) * p[2] + t ** 3 * p[3]


_SIDE = [(_bezier(step / 200, 1), _bezier(step / 200, 0)) for step in range(201)]  # (y, x), y growing


def room(top: float, bottom: float) -> float:
    """Width available to a line from `top` to `bottom` inside the inner border of the shield."""
    def half(y: float) -> float:
        if y <= _CURVE[0][1]:
            return _CURVE[0][0] - CENTRE
        for (y0, x0), (y1, x1) in zip(_SIDE, _SIDE[1:]):
            if y0 <= y <= y1:
                return x0 + (x1 - x0) * (y - y0) / ((y1 - y0) or 1) - CENTRE
        return 0.0
    return max(0.0, 2 * (min(half(top), half(bottom)) - PADDING))


def width(text: str, size: float) -> float:
    """A generous estimate of the width of `text` in DejaVu Serif Bold, the widest usual font."""
    def em(ch: str) -> float:
        if ch in "mwMW@%":
            return 1.12
        if ch in " ijlftr'.,;:-·!|()":
            return 0.46
        return 0.84 if ch.isupper() or ch.isdigit() else 0.7
    return size * sum(map(em, text))


def _layout(paragraphs: list[str], top: float, size: float, cut: bool) -> list[tuple[str, float]] | None:
    """Lines (text, baseline), filled word by word; a word too long is cut between letters.
    Only ordinary spaces break a line: a no-break space keeps « 3 fiches legs » together.
    Without `cut`, a word wider than its line means this size is too big: None."""
    lines: list[tuple[str, float]] = []
    baseline = top + 0.8 * size

    def fits(text: str) -> bool:
        return width(text, size) <= room(baseline - 0.8 * size, baseline + 0.25 * size)

    for paragraph in paragraphs:
        current = ""
        for word in filter(None, paragraph.split(" ")):
            candidate = f"{current} {word}".strip()
            if fits(candidate):
                current = candidate
                continue
            if current:
                lines.append((current, baseline))
                baseline += 1.2 * size
            if not fits(word) and not cut:
                return None
            while not fits(word) and len(word) > 1:
                cut = max(1, next((n for n in range(len(word) - 1, 0, -1) if fits(word[:n])), 1))
                lines.append((word[:cut], baseline))
                baseline += 1.2 * size
                word = word[cut:]
            current = word
        if current:
            lines.append((current, baseline))
            baseline += 1.2 * size
    return lines


def fit(paragraphs: list[str], box: tuple[float, float], sizes: tuple[int, ...]) -> tuple[int, list[tuple[str, float]]]:
    """The largest size at which the paragraphs fit in the box (vertically centred); at the
    smallest size, the lines that fit, the last one ending with an ellipsis."""
    top, bottom = box
    for size in sizes:
        lines = _layout(paragraphs, top, size, cut=size == sizes[-1])
        if lines and lines[-1][1] + 0.25 * size <= bottom:
            slack = bottom - (lines[-1][1] + 0.25 * size)
            centred = _layout(paragraphs, top + slack / 2, size, cut=size == sizes[-1])
            if centred and len(centred) == len(lines) and centred[-1][1] + 0.25 * size <= bottom:
                return size, centred
            return size, lines
    size = sizes[-1]
    lines = [line for line in _layout(paragraphs, top, size, cut=True) or [] if line[1] + 0.25 * size <= bottom]
    if not lines:
        return size, []
    text, baseline = lines[-1]
    limit = room(baseline - 0.8 * size, baseline + 0.25 * size)
    while text and width(text.rstrip() + ELLIPSIS, size) > limit:
        text = text[:-1]
    return size, [*lines[:-1], (text.rstrip() + ELLIPSIS, baseline)]


def _text(lines: list[tuple[str, float]], size: int, attributes: str) -> str:
    spans = "".join(f'<tspan x="{CENTRE}" y="{baseline:.1f}">{escape(line)}</tspan>' for line, baseline in lines)
    return f'<text text-anchor="middle" font-size="{size}" {attributes}>{spans}</text>'


def svg(corpus: Corpus, circle: Circle) -> str:
    colour = COLOURS.get(circle.versants[0] if circle.versants else "", "#37474f")
    ident = f"blason-{escape(circle.id)}"
    title_size, title_lines = fit([circle.title], TITLE_BOX, TITLE_SIZES)
    count = len(corpus.circle_records(circle.id))
    foot = [" · ".join(circle.versants), f'{count}\u00a0fiche{"s" if count > 1 else ""}\u00a0legs']
    foot_size, foot_lines = fit([part for part in foot if part], FOOT_BOX, FOOT_SIZES)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 280" width="240" height="280" role="img" '
        f'aria-labelledby="{ident}-titre">'
        f'<title id="{ident}-titre">Blason du cercle de compétences « {escape(circle.title)} »</title>'
        f'<defs><clipPath id="{ident}-forme"><path d="{INNER}"/></clipPath></defs>'
        f'<path d="{OUTER}" fill="{colour}" stroke="#d4af37" stroke-width="8"/>'
        f'<path class="bordure" d="{INNER}" fill="none" stroke="#ffffff" stroke-width="2" stroke-opacity="0.6"/>'
        f'<g clip-path="url(#{ident}-forme)">'
        '<text x="120" y="66" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="15" '
        'fill="#d4af37" letter-spacing="2">LEGS</text>'
        + _text(title_lines, title_size, 'class="nom" font-family="DejaVu Serif, serif" font-weight="bold" fill="#ffffff"')
        + _text(foot_lines, foot_size, 'class="pied" font-family="DejaVu Sans, sans-serif" fill="#ffffff"')
        + "</g></svg>\n")
