"""Where the kit finds its content, read from the `legs` plugin options of mkdocs.yml.

The command line and the MkDocs plugin share these settings so that `legs valider` checks
exactly what the site will publish.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

PROFILES = ("interne", "publique")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing anything: `!ENV` is resolved, other tags ignored."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *names, default = values if len(values) > 1 else (*values, None)
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def config_loader() -> type[yaml.SafeLoader]:
    """The loader that reads mkdocs.yml as the build sees it, without executing anything."""
    return _ConfigLoader


@dataclass(frozen=True)
class Settings:
    root: Path
    competences_dir: Path
    people_file: Path
    docs_dir: Path
    profile: str = "interne"
    max_bytes: int = 200_000
    repo_url: str = ""
    edit_branch: str = "main"

    @property
    def vocabulary_dir(self) -> Path:
        return self.competences_dir / "referentiels"

    def rel(self, path: Path) -> str:
        """Path as shown to people: relative to the repository when possible."""
        # Fast path for the usual case, a path built from the root: called for every file.
        text, prefix = str(path), str(self.root) + os.sep
        if text.startswith(prefix):
            return text[len(prefix):].replace(os.sep, "/")
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @classmethod
    def from_options(cls, root: Path, options: dict, repo_url: str = "", docs_dir: str = "docs") -> "Settings":
        root = root.resolve()
        profile = str(options.get("profil") or "interne")
        if profile not in PROFILES:
            raise ValueError(f"profil inconnu « {profile} » : choisissez « interne » ou « publique »")
        people = Path(os.path.expanduser(str(options.get("personnes") or "competences/personnes.yml")))
        return cls(
            root=root,
            competences_dir=root / str(options.get("competences") or "competences"),
            people_file=people if people.is_absolute() else root / people,
            docs_dir=root / docs_dir,
            profile=profile,
            max_bytes=int(options.get("taille_max_octets") or 200_000),
            repo_url=repo_url.rstrip("/"),
            edit_branch=str(options.get("branche") or "main"),
        )

    @classmethod
    def load(cls, root: Path) -> "Settings":
        """Settings of the repository at `root`, as its mkdocs.yml declares them."""
        config_file = root / "mkdocs.yml"
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) if config_file.exists() else {}
        options: dict = {}
        for plugin in (config or {}).get("plugins") or []:
            if isinstance(plugin, dict) and "legs" in plugin:
                options = plugin["legs"] or {}
        return cls.from_options(root, options, str(config.get("repo_url") or ""), str(config.get("docs_dir") or "docs"))
