"""Strict YAML loading for untrusted files.

PyYAML silently keeps the last of two duplicate keys, expands aliases (the "billion laughs"),
and turns `2024-02-30` into a crash. Contributors' files must never lose data nor crash the
kit, so we compose the node tree with libyaml and build plain values ourselves, keeping the
line of every key and refusing what we do not want.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

# Values are built from these tags only; dates stay strings so that a date that does not
# exist becomes a validation message instead of an exception.
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str": None,
    "tag:yaml.org,2002:timestamp": None,
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": _constructor.construct_yaml_null,
}
_MAX_DEPTH = 32

Path = tuple  # a key path inside the document, e.g. ("competences", 2)


class YamlError(Exception):
    """A problem that prevents reading the document at all."""

    def __init__(self, kind: str, line: int, detail: str = ""):
        super().__init__(f"{kind} at line {line}: {detail}")
        self.kind = kind  # "syntax", "anchor", "tag", "depth"
        self.line = line
        self.detail = detail


@dataclass
class Document:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)  # key, line, first line

    def line_of(self, path: Path, default: int = 1) -> int:
        """Line of the deepest known ancestor of `path` (1-based, in the parsed text)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return default


def _syntax_message(exc: yaml.YAMLError) -> tuple[int, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    return line, str(getattr(exc, "problem", "") or exc)


def _reject_anchors(text: str) -> None:
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlError("anchor", event.start_mark.line + 1)
    except yaml.YAMLError as exc:
        raise YamlError("syntax", *_syntax_message(exc)) from None


def load(text: str) -> Document:
    """Parse one YAML document; raise YamlError for what cannot be read safely."""
    if "&" in text or "*" in text:  # cheap filter: most files have neither
        _reject_anchors(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise YamlError("syntax", *_syntax_message(exc)) from None
    doc = Document(data=None)
    if node is not None:
        doc.data = _build(node, (), doc, 0)
    return doc


def _build(node: yaml.Node, path: Path, doc: Document, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        raise YamlError("depth", node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise YamlError("tag", node.start_mark.line + 1, node.tag)
        build = _SCALAR_TAGS[node.tag]
        if build is None:
            return node.value
        try:
            return build(node)
        except (ValueError, yaml.YAMLError):
            return node.value
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise YamlError("tag", node.start_mark.line + 1, node.tag)
        items = []
        for index, child in enumerate(node.value):
            doc.lines[path + (index,)] = child.start_mark.line + 1
            items.append(_build(child, path + (index,), doc, depth + 1))
        return items
    if node.tag != "tag:yaml.org,2002:map":
        raise YamlError("tag", node.start_mark.line + 1, node.tag)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlError("tag", line, key_node.tag)
        key = _build(key_node, path, doc, depth + 1)
        if key in mapping:
            doc.duplicates.append((str(key), line, doc.lines[path + (key,)]))
            continue  # keep the first value: the message asks the author which one is right
        doc.lines[path + (key,)] = line
        mapping[key] = _build(value_node, path + (key,), doc, depth + 1)
    return mapping
