"""The one place that calls WeasyPrint: offline, A4, with a cache of finished PDFs."""

from __future__ import annotations

import hashlib
import logging
import shutil
from importlib import resources
from pathlib import Path

from .typography import french

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def stylesheet(name: str) -> str:
    return resources.files("legs.printing").joinpath(name).read_text(encoding="utf-8")


def _offline_fetcher(url: str, *args, **kwargs):
    """Nothing printed may come from the network: only local files and inline data."""
    from weasyprint import default_url_fetcher

    if url.startswith(("file:", "data:")):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"ressource distante refusée : {url}")


def render(html: str, css_names: tuple[str, ...], target: Path, cache_dir: Path | None = None, title: str = "") -> Path:
    """Write `html` as a PDF at `target`; identical input reuses the cached PDF."""
    from weasyprint import CSS, HTML

    css = "\n".join(stylesheet(name) for name in ("base.css", *css_names))
    document = french(html)
    key = hashlib.sha256((document + css).encode("utf-8")).hexdigest()[:32]
    target.parent.mkdir(parents=True, exist_ok=True)
    cached = cache_dir / f"{key}.pdf" if cache_dir else None
    if cached is not None and cached.exists():
        shutil.copyfile(cached, target)
        return target
    HTML(string=document, base_url=str(target.parent), url_fetcher=_offline_fetcher).write_pdf(
        target, stylesheets=[CSS(string=css, url_fetcher=_offline_fetcher)])
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, cached)
    return target


def page(title: str, body: str, lang: str = "fr") -> str:
    from html import escape

    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body>{body}</body></html>")
