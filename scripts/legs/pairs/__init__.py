"""Tutoring pairs (binômes): the census of volunteers, matching, the register of pairs formed.

Everything here is personal data kept out of the published content (`prive/` by default):
`census` reads and checks the census, `matching` scores and assigns pairs with explanations,
`report` prints them (terminal, A4 PDF, spreadsheet), `register` reads the pairs actually
formed and aggregates them for the indicators page without singling anyone out.
"""

from __future__ import annotations

import os
from pathlib import Path

# Outside `docs/` and `competences/`: never published, listed in .gitignore.
PRIVATE_DIR = "prive"
CENSUS_ENV, REGISTER_ENV, THRESHOLD_ENV = "LEGS_RECENSEMENT", "LEGS_BINOMES", "LEGS_SEUIL_DIFFUSION"
DEFAULT_THRESHOLD = 5


def _from_environment(name: str, root: Path) -> Path | None:
    """The path an environment variable gives, relative to the repository unless absolute."""
    given = os.environ.get(name)
    if not given:
        return None
    path = Path(os.path.expanduser(given))
    return path if path.is_absolute() else root / path


def census_path(root: Path) -> Path:
    """The census file: `LEGS_RECENSEMENT`, or `prive/recensement.yml` (or `.csv`) in the repository."""
    given = _from_environment(CENSUS_ENV, root)
    if given is not None:
        return given
    yml = root / PRIVATE_DIR / "recensement.yml"
    csv = root / PRIVATE_DIR / "recensement.csv"
    return csv if not os.path.lexists(yml) and os.path.lexists(csv) else yml


def register_path(root: Path) -> Path:
    """The register of pairs formed: `LEGS_BINOMES`, or `prive/binomes.yml` in the repository."""
    return _from_environment(REGISTER_ENV, root) or root / PRIVATE_DIR / "binomes.yml"


def threshold() -> int:
    """No figure is published when drawn from fewer people than this (`LEGS_SEUIL_DIFFUSION`, at least 2)."""
    try:
        return max(2, int(os.environ.get(THRESHOLD_ENV, DEFAULT_THRESHOLD)))
    except ValueError:
        return DEFAULT_THRESHOLD
