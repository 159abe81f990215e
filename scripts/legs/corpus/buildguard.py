"""What the build may run and publish: the kit's own code, and regular files of the repository.

The validator (LG608, when the corpus is loaded) and the MkDocs plugin ask the same questions here:

- mkdocs.yml must not load code or templates a contribution could add: no `hooks`, no
  `INHERIT`, no `extra_templates`, the theme's templates only from `overrides/`, and the
  macros plugin pinned (no `module_name`, `modules`, `include_dir`, `include_yaml`,
  `j2_extensions`, `force_render_paths`; `render_by_default: false`). mkdocs-macros 1.5 would
  otherwise import `main.py` or `main/` from the project root: the plugin points it at
  `legs/corpus/macros_env.py`, next to this module, instead (`pin_macros`).
- every file MkDocs is about to copy or render is a regular file of the repository, reached
  without a symbolic link (`unsafe_files`), or a file of the installed theme.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from ..content import paths
from ..content.settings import _ConfigLoader

PINNED_MACROS_MODULE = str(Path(__file__).with_name("macros_env"))
MACROS_DEFAULT_MODULE = "main"
# Options of mkdocs-macros that would import or read files other than the kit's.
MACROS_REFUSED = {
    "module_name": "importe un module Python du dépôt",
    "modules": "importe des modules Python",
    "include_dir": "lit des gabarits dans un autre dossier",
    "include_yaml": "lit des variables dans d'autres fichiers",
    "j2_extensions": "importe des extensions Jinja",
    "force_render_paths": "interprète comme gabarits des pages qui ne le demandent pas",
}
TOP_LEVEL_REFUSED = {
    "hooks": "« hooks » charge des fichiers Python à la construction",
    "INHERIT": "« INHERIT » ajoute les réglages d'un autre fichier",
    "extra_templates": "« extra_templates » interprète des fichiers de docs/ comme des gabarits",
}
THEME_DIR = "overrides"

REASONS = {
    paths.SYMLINK: "lien symbolique",
    paths.SPECIAL: "fichier spécial (tube nommé, périphérique ou socket)",
    paths.FOLDER: "dossier qui porte un nom de fichier",
    paths.OUTSIDE: "fichier hors du dépôt",
    paths.MISSING: "fichier introuvable",
}


def _mapping(node) -> dict:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: (key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _empty(node) -> bool:
    if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
        return not node.value
    return isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")


def config_problems(root: Path) -> list[tuple[int, str]]:
    """(line, what) for each setting of mkdocs.yml that would run or publish what the kit does not pin."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return []
    try:
        document = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return []  # MkDocs reports a broken configuration itself
    top = _mapping(document)
    found: list[tuple[int, str]] = []
    for key, what in TOP_LEVEL_REFUSED.items():
        if key in top and not _empty(top[key][1]):
            found.append((top[key][0].start_mark.line + 1, what))
    theme = _mapping(top["theme"][1]) if "theme" in top else {}
    custom = theme.get("custom_dir")
    if custom is None or not isinstance(custom[1], yaml.ScalarNode) or custom[1].value.strip("/") != THEME_DIR:
        line = (custom or top.get("theme") or (None,))[0]
        found.append((line.start_mark.line + 1 if line is not None else 1,
                      f"« theme.custom_dir » doit valoir « {THEME_DIR} » : les gabarits ne viennent que de ce dossier"))
    if "docs_dir" in top:
        value = top["docs_dir"][1]
        name = value.value if isinstance(value, yaml.ScalarNode) else ""
        if not paths.is_slug(name) or name in ("competences", "overrides", "scripts"):
            found.append((top["docs_dir"][0].start_mark.line + 1,
                          "« docs_dir » doit être un dossier à la racine du dépôt, à part (par exemple « docs »)"))
    plugins = top["plugins"][1] if "plugins" in top else None
    for item in plugins.value if isinstance(plugins, yaml.SequenceNode) else []:
        options = _mapping(item).get("macros")
        if options is None:
            continue
        settings = _mapping(options[1])
        for key, what in MACROS_REFUSED.items():
            if key in settings and not _empty(settings[key][1]):
                found.append((settings[key][0].start_mark.line + 1, f"l'option « {key} » du greffon macros {what}"))
        render = settings.get("render_by_default")
        if render is None or not isinstance(render[1], yaml.ScalarNode) or render[1].value.lower() != "false":
            line = (render or options)[0].start_mark.line + 1
            found.append((line, "le greffon macros doit garder « render_by_default: false » : seules les pages du kit qui le demandent sont interprétées"))
    return found


def check_loaded_config(config) -> list[str]:
    """The same questions on the configuration MkDocs loaded, for a build started without legs."""
    root = Path(config.config_file_path).parent.resolve()
    found = [f"mkdocs.yml:{line}: {what}" for line, what in config_problems(root)]
    if config.hooks:
        found.append("mkdocs.yml: « hooks » charge des fichiers Python à la construction")
    if config.extra_templates:
        found.append("mkdocs.yml: « extra_templates » interprète des fichiers de docs/ comme des gabarits")
    # With « -f mkdocs.yml », MkDocs leaves these paths relative to the configuration's folder.
    custom = config.theme.custom_dir
    if not custom or paths.unsafe(Path(root, custom), root, want_dir=True) or Path(root, custom) != root / THEME_DIR:
        found.append(f"mkdocs.yml: « theme.custom_dir » doit être le dossier « {THEME_DIR} » du dépôt")
    docs = Path(root, config.docs_dir)
    if paths.unsafe(docs, root, want_dir=True) or docs.parent != root:
        found.append("mkdocs.yml: « docs_dir » doit être un dossier ordinaire à la racine du dépôt")
    macros = config.plugins.get("macros")
    if macros is not None:
        options = macros.config
        if options.get("module_name") not in (MACROS_DEFAULT_MODULE, PINNED_MACROS_MODULE):
            found.append("mkdocs.yml: l'option « module_name » du greffon macros importe un module Python du dépôt")
        for key, what in MACROS_REFUSED.items():
            if key != "module_name" and options.get(key):
                found.append(f"mkdocs.yml: l'option « {key} » du greffon macros {what}")
    return found


def pin_macros(config) -> None:
    """Point mkdocs-macros at the kit's module, never at a `main.py` a contribution could add."""
    macros = config.plugins.get("macros")
    if macros is not None:
        macros.config["module_name"] = PINNED_MACROS_MODULE
        macros.config["modules"] = []
        macros.config["include_yaml"] = []


def unsafe_files(files, config) -> list[str]:
    """Each file MkDocs would read that is not a regular file of the repository (or of the installed theme)."""
    root = Path(config.config_file_path).parent.resolve()
    # The installed theme's own files (outside the repository) are not contributed.
    custom = os.path.normpath(config.theme.custom_dir or "")
    installed = tuple(os.path.join(d, "") for d in config.theme.dirs if os.path.normpath(d) != custom)
    found = []
    for file in files:
        source = file.abs_src_path
        if not source or (source.startswith(installed) and installed):
            continue
        reason = paths.unsafe(Path(source), root)
        if reason is not None:
            shown = file.src_uri if reason != paths.OUTSIDE else source
            found.append(f"{shown} : {REASONS[reason]}")
    return found
