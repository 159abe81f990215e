"""The search index: Pagefind, run on the built site.

Pagefind stems French, folds accents and splits its index into small chunks, so the first
search downloads a few hundred kilobytes even with thousands of records (Material's own
search sends one index of every page to every visitor).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError


def build_index(site_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind", "--force-language", "fr",
         "--exclude-selectors", ".headerlink, .md-content__button, .legs-carte__titre"],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError("L'index de recherche n'a pas pu être construit (Pagefind) :\n" + result.stdout + result.stderr)
