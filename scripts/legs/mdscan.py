"""A small, linear scanner of contributed Markdown: headings, links, raw HTML, mentions.

It does not render anything; it only finds, with their lines, the things the rules check.
Fenced code blocks and inline code spans are skipped: what is inside them is shown as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^@\s<>]+@[^@\s<>]+)>")
_HTML = re.compile(r"<[A-Za-z/!?][^>\n]{0,60}>?")
_INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*(<[^>]*>|[^\s)]*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
MENTION = re.compile(r"(?<![\w.@/])@([a-z0-9]+(?:[._-][a-z0-9]+)*)")
_TEMPLATE = re.compile(r"\{[{%#]")


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


def scan(body: str, first_line: int = 1) -> Scan:
    result = Scan()
    fence: str | None = None
    previous = ""
    for offset, raw in enumerate(body.split("\n")):
        line_no = first_line + offset
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
        if "<" in line:
            for match in _AUTOLINK.finditer(line):
                result.links.append(Link(match.group(1), line_no, image=False))
            for match in _HTML.finditer(_AUTOLINK.sub("", line)):
                result.html.append((line_no, match.group(0)))
        if "]" in line:
            for match in _INLINE_LINK.finditer(line):
                result.links.append(Link(match.group(3).strip("<>"), line_no, image=bool(match.group(1))))
            ref = _REF_DEF.match(line)
            if ref:
                result.links.append(Link(ref.group(1).strip("<>"), line_no, image=False))
        if "@" in line:
            result.mentions.extend((m.group(1), line_no) for m in MENTION.finditer(line))
        if "{" in line and _TEMPLATE.search(line):
            result.templates.append(line_no)
        if line.strip():
            result.text_lines.append((line_no, line))
        previous = line
    return result
