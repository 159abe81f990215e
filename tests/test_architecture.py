"""The package's folders show its architecture, and imports flow one way between them.

Each module of `legs` belongs to a layer; it imports from its own layer and those below,
never from a layer above (imports written for type annotations only do not count: they run
nothing). A new module must be given its layer here, which makes its place a decision.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Iterator

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "legs"
# From the bottom up; names are the first part under `legs` (a folder or a top-level module).
LAYERS = [
    {"content", "parallel"},  # the content model and the reading of contributed files; worker processes
    {"text"},  # what is written out: escaping for each context, French typography, problem reports
    {"rules"},  # the validator's rules
    {"corpus"},  # the whole content loaded and checked, and what the build may run
    {"incremental"},  # what a build keeps for the next one
    {"steering", "pairs", "search", "printing"},
    {"pages"},  # the generated pages
    {"site"},  # the MkDocs plugin and what it drives
    {"cli"},  # the command line
]
LAYER = {name: level for level, names in enumerate(LAYERS) for name in names}


def _module(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imports(node: ast.AST) -> Iterator[ast.ImportFrom]:
    """Every `from … import` under `node`, lazy ones included, except under `if TYPE_CHECKING:`."""
    typing_only = isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
    for child in node.orelse if typing_only else ast.iter_child_nodes(node):
        if isinstance(child, ast.ImportFrom):
            yield child
        else:
            yield from _imports(child)


def test_every_module_imports_only_its_layer_and_those_below() -> None:
    wrong, unplaced = [], set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        layer = LAYER.get(module[1] if len(module) > 1 else "")
        if len(module) > 1 and layer is None:
            unplaced.add(module[1])
            continue
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if node.level:
                base = module if path.name == "__init__.py" else module[:-1]
                target = base[:len(base) - node.level + 1] + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "legs":
                target = node.module.split(".")
            else:
                continue
            names = [target[1]] if len(target) > 1 else [alias.name for alias in node.names]  # `from . import x, y`
            for name in names:
                if name not in LAYER:
                    unplaced.add(name)
                elif LAYER[name] > layer:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} ({module[1]}) importe {name}")
    assert not unplaced, f"à placer dans LAYERS : {sorted(unplaced)}"
    assert not wrong, "\n".join(wrong)


def test_the_rules_load_without_the_content_they_check() -> None:
    code = ("import sys; from legs.rules import all_rules; all_rules(); "
            "print(sorted(m for m in sys.modules if m.startswith('legs.') and m.split('.')[1] not in ('content', 'rules')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
