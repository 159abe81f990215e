"""Reading a contributed Markdown file: size, encoding, front matter and body, with lines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 200_000


class SourceError(Exception):
    """The file cannot be split into front matter and body."""

    def __init__(self, kind: str, line: int, detail: str = ""):
        super().__init__(kind)
        self.kind = kind  # "too-big", "encoding", "no-front-matter", "unclosed-front-matter"
        self.line = line
        self.detail = detail


@dataclass
class SourceFile:
    path: Path
    front_matter: str
    body: str
    body_line: int  # line number of the first body line in the file

    # The front matter always starts on line 2, just after the opening "---".
    front_matter_line = 2


def decode(raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    if len(raw) > max_bytes:
        raise SourceError("too-big", 1, f"{len(raw) // 1000} Ko")
    try:
        text = raw.decode("utf-8-sig")  # a BOM is accepted and ignored
    except UnicodeDecodeError as exc:
        raise SourceError("encoding", raw[: exc.start].count(b"\n") + 1) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(path: Path, text: str) -> SourceFile:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise SourceError("no-front-matter", 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return SourceFile(
                path=path,
                front_matter="\n".join(lines[1:index]) + "\n",
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise SourceError("unclosed-front-matter", 1)


def read(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    return split(path, decode(path.read_bytes(), max_bytes))
