"""Where a link in contributed content points: the validator and the build share this."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
DANGEROUS_SCHEMES = {"javascript", "data", "vbscript", "file", "blob"}
# Invisible characters browsers drop from URLs, which can hide a scheme.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00ad\u200b-\u200f\u2028-\u202f\ufeff]")


@dataclass(frozen=True)
class Target:
    kind: str  # "anchor", "dangerous", "external", "absolute", "outside", "internal"
    path: str = ""  # for "internal": the target, relative to the site root
    fragment: str = ""


def classify(url: str, page_src_uri: str) -> Target:
    """Classify `url` written in the page whose source is `page_src_uri` (site-relative)."""
    clean = _INVISIBLE.sub("", html.unescape(url))
    scheme = _SCHEME.match(clean)
    if scheme:
        name = scheme.group(1).lower()
        return Target("dangerous" if name in DANGEROUS_SCHEMES else "external")
    if clean.startswith(("//", "\\\\", "/\\", "\\/")):
        return Target("external")
    if clean.startswith(("/", "\\")):
        return Target("absolute")
    path, _, fragment = clean.partition("#")
    path = path.partition("?")[0]
    if not path:
        return Target("anchor", fragment=fragment)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_src_uri), unquote(path).replace("\\", "/")))
    if joined == ".." or joined.startswith("../"):
        return Target("outside")
    return Target("internal", joined, fragment)
