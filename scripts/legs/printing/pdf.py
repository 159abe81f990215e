"""The one place that calls WeasyPrint: offline, A4, with a cache of finished PDFs."""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import shutil
from importlib import resources
from pathlib import Path

from .. import parallel
from ..text.french import french
from ..text.markup import html as escape

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def stylesheet(name: str) -> str:
    return resources.files("legs.printing").joinpath(name).read_text(encoding="utf-8")


# The only files a printed document may load: the kit's own (stylesheets, fonts, images).
_KIT_FILES = Path(__file__).resolve().parents[1]


def _is_kit_file(url: str) -> bool:
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    return parts.scheme == "file" and parts.netloc in ("", "localhost") and \
        Path(unquote(parts.path)).resolve().is_relative_to(_KIT_FILES)


def _offline_fetcher():
    """Nothing printed may come from the network nor from the build machine's other files:
    an `<img src=file:///etc/passwd>` or a `<link href=http://…>` in a document loads nothing."""
    from weasyprint.urls import URLFetcher

    class OfflineFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not (url.startswith("data:") or _is_kit_file(url)):
                raise ValueError(f"ressource refusée : {url[:80]}")
            return super().fetch(url, headers)

    return OfflineFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def _css(css_names: tuple[str, ...]) -> str:
    return "\n".join(stylesheet(name) for name in ("base.css", *css_names))


# Cached PDFs used since the last `start_run`: the others are pruned at the end of the run,
# so that the cache never keeps a document the site no longer prints (a withdrawn name).
_used: set[str] = set()


def start_run() -> None:
    _used.clear()


def _cached(document: str, css: str, cache_dir: Path | None) -> Path | None:
    """Where the PDF of this exact document and stylesheet is kept, if there is a cache.

    The key covers everything printed: the document (its title included), the stylesheets
    and the version of WeasyPrint that lays them out."""
    from weasyprint import __version__

    key = hashlib.sha256("\0".join((document, css, __version__)).encode("utf-8")).hexdigest()[:32]
    if not cache_dir:
        return None
    _used.add(f"{key}.pdf")
    return cache_dir / f"{key}.pdf"


def prune_cache(cache_dir: Path | None) -> None:
    """Remove the cached PDFs this run did not use: a stale one may name a withdrawn person."""
    if cache_dir is not None and cache_dir.is_dir():
        for path in cache_dir.glob("*.pdf"):
            if path.name not in _used:
                path.unlink(missing_ok=True)
    _used.clear()


def _restore(cached: Path | None, target: Path) -> bool:
    """Copy the cached PDF to `target`, if there is one (another build may just have pruned it)."""
    if cached is None:
        return False
    try:
        shutil.copyfile(cached, target)
    except FileNotFoundError:
        return False
    return True


def _keep(target: Path, cached: Path | None) -> None:
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")  # never a half-written PDF in the cache
        shutil.copyfile(target, partial)
        os.replace(partial, cached)


def render(html: str, css_names: tuple[str, ...], target: Path, cache_dir: Path | None = None, title: str = "",
           tighter: tuple[str, ...] = ()) -> Path:
    """Write `html` as a PDF at `target`; identical input reuses the cached PDF.

    With `tighter` style sheets, a document of several pages is laid out a second time with
    them added, and kept so if that saves a page: a grid whose last lines spill over onto
    a nearly empty page fits on one less."""
    from weasyprint import CSS, HTML

    css = _css(css_names)
    # The tighter sheets come last, without base.css again: it would undo a page turned sideways.
    tight_css = css + "\n".join(stylesheet(name) for name in tighter)
    document = french(html)
    target.parent.mkdir(parents=True, exist_ok=True)
    cached = _cached(document, tight_css, cache_dir)
    if _restore(cached, target):
        return target
    source = HTML(string=document, base_url=str(target.parent), url_fetcher=_offline_fetcher())
    laid_out = source.render(stylesheets=[CSS(string=css, url_fetcher=_offline_fetcher())])
    if tighter and len(laid_out.pages) > 1:
        tight = source.render(stylesheets=[CSS(string=tight_css, url_fetcher=_offline_fetcher())])
        if len(tight.pages) < len(laid_out.pages):
            laid_out = tight
    laid_out.write_pdf(target)
    _keep(target, cached)
    return target


# One-page documents laid out together per batch: most of WeasyPrint's time for a small
# document goes to setting up, not to the page itself. Batches go to every core.
BATCH = 200


def render_pages(documents: list[tuple[str, str, Path]], css_names: tuple[str, ...],
                 cache_dir: Path | None = None) -> list[Path]:
    """Write many one-page documents, given as (title, body, target), each as its own PDF."""
    css = _css(css_names)
    missing = []
    for title, body, target in documents:
        target.parent.mkdir(parents=True, exist_ok=True)
        cached = _cached(french(page(title, body)), css, cache_dir)
        if not _restore(cached, target):
            missing.append((title, body, target, cached))
    batches = [missing[start:start + BATCH] for start in range(0, len(missing), BATCH)]
    workers = min(parallel.cores(), len(batches))
    if workers > 1:
        with parallel.pool((batches, css_names), workers) as running:
            running.map(_render_batch_in_worker, range(len(batches)), chunksize=1)
    else:
        for batch in batches:
            _render_batch(batch, css_names)
    return [target for _, _, target in documents]


def _render_batch_in_worker(number: int) -> None:
    batches, css_names = parallel.job()
    _render_batch(batches[number], css_names)


def _render_batch(batch: list[tuple[str, str, Path, Path | None]], css_names: tuple[str, ...]) -> None:
    from weasyprint import CSS, HTML

    sections = "".join(f'<section style="break-after: page">{body}</section>' for _, body, _, _ in batch)
    laid_out = HTML(string=french(page("", sections)), base_url=str(batch[0][2].parent),
                    url_fetcher=_offline_fetcher()).render(
        stylesheets=[CSS(string=_css(css_names), url_fetcher=_offline_fetcher())])
    if len(laid_out.pages) != len(batch):  # a document longer than a page: one by one, as usual
        for title, body, target, cached in batch:
            render(page(title, body), css_names, target, cached.parent if cached else None)
        return
    for one, (title, _, target, cached) in zip(laid_out.pages, batch):
        single = laid_out.copy([one])
        single.metadata = copy.copy(laid_out.metadata)
        single.metadata.title = title
        single.write_pdf(target)
        _keep(target, cached)


def page(title: str, body: str, lang: str = "fr") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body>{body}</body></html>")
