"""Strict YAML loading for untrusted files.

PyYAML silently keeps the last of two duplicate keys, expands aliases (the "billion laughs"),
and turns `2024-02-30` into a crash. Contributors' files must never lose data nor crash the
kit, so we compose the node tree with libyaml and build plain values ourselves, keeping the
line of every key and refusing what we do not want.
"""

from __future__ import annotations

import re
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
        self.kind = kind  # "syntax", "anchor", "tag", "depth", "key"
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


def check_depth(text: str, limit: int = _MAX_DEPTH) -> None:
    """Refuse, in one linear pass, a text nested deeper than `limit` before libyaml reads it.

    libyaml composes recursively: thousands of « [ » exhaust the C stack (the process dies),
    so the depth is bounded on the text itself. The estimate never underestimates: flow
    brackets and braces open outside quotes and comments, plus block levels (indentation
    levels, and the « - » and « ? » that open a level on the same line). A plain value
    with more than `limit` unmatched « [ » is refused too: no real header has one.
    """
    # Each line adds at most one block level, each « - », « ? », « [ », « { » one more: below
    # the limit in total (most headers), no need to look closer.
    bound = text.count("\n") + 1 + text.count("[") + text.count("{") + text.count("- ") + text.count("-\n") + text.count("? ") + text.count("?\n")
    if bound <= limit:
        return
    indents: list[int] = []
    flow = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if flow == 0:
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            block = len(indents) + len(_ITEM_PREFIX.match(stripped).group(0)) // 2
            if block > limit:
                raise YamlError("depth", number)
        if not flow and "[" not in stripped and "{" not in stripped:
            continue
        quote = ""
        for index, char in enumerate(stripped):
            if quote:
                if char == quote:
                    quote = ""
            elif char in "'\"" and (index == 0 or stripped[index - 1] in " [{,:"):
                quote = char
            elif char == "#" and index > 0 and stripped[index - 1] == " ":
                break
            elif char in "[{":
                flow += 1
                if flow + len(indents) > limit:
                    raise YamlError("depth", number)
            elif char in "]}" and flow:
                flow -= 1


_ITEM_PREFIX = re.compile(r"(?:[-?](?: +|$))*")


def load(text: str) -> Document:
    """Parse one YAML document; raise YamlError for what cannot be read safely."""
    check_depth(text)
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
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError("key", line, "[…]" if isinstance(key_node, yaml.SequenceNode) else "{…}")
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlError("tag", line, key_node.tag)
        key = _build(key_node, path, doc, depth + 1)
        if not isinstance(key, str):
            # `1:`, `null:`, `true:` would become a number, nothing or yes/no: keys are names.
            raise YamlError("key", line, key_node.value or "~")
        if key in mapping:
            doc.duplicates.append((str(key), line, doc.lines[path + (key,)]))
            continue  # keep the first value: the message asks the author which one is right
        doc.lines[path + (key,)] = line
        mapping[key] = _build(value_node, path + (key,), doc, depth + 1)
    return mapping
