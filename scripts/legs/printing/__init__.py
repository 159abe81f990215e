"""Everything the kit prints, as A4 PDFs (WeasyPrint) and SVG badges, and the documents an
organisation adapts, as OpenDocument text (.odt: grids, e-mail templates, certificate).

`build_all` writes, under one folder: guide/, grilles/, kit/ (poster, leaflet, models),
certificats/ and blasons/. The site links to these files; `legs imprimer` writes them for the référents.
"""

from __future__ import annotations

from pathlib import Path

from ..corpus import Corpus
from ..corpus.forms import Form
from . import badges, certificates, comms, forms_pdf, guide, issuer, odt, pdf

GUIDE_PDF = "guide/legs-guide-methodologique.pdf"


def form_pdf(form_id: str) -> str:
    return f"grilles/{form_id}.pdf"


def form_odt(form_id: str) -> str:
    return f"grilles/{form_id}.odt"


def certificate_pdf(record_id: str) -> str:
    return f"certificats/{record_id}.pdf"


def badge_svg(circle_id: str) -> str:
    return f"blasons/{circle_id}.svg"


# The folders build_all writes and owns: whatever it did not write there this time is stale.
OWN_DIRS = ("guide", "grilles", "kit", "certificats", "blasons")


def build_all(corpus: Corpus, forms: list[Form], out_dir: Path, cache_dir: Path | None = None) -> list[Path]:
    """Print everything; then remove, from `out_dir` and from the cache, every document this
    run did not produce: the certificate of a withdrawn person or of a record no longer public."""
    pdf.start_run()
    written: list[Path] = []
    issued_by = issuer.load(corpus.settings)  # organisation, site address, guide order
    guide_dir = corpus.settings.docs_dir / "guide"
    if guide_dir.is_dir():
        written.append(guide.build(guide_dir, out_dir / GUIDE_PDF, cache_dir, issuer=issued_by))
    written += [forms_pdf.build(form, out_dir / form_pdf(form.id), cache_dir) for form in forms]
    written += comms.build(out_dir / "kit", cache_dir, issued_by)
    targets = {record.id: out_dir / certificate_pdf(record.id) for record in certificates.eligible(corpus)}
    written += certificates.build_all(corpus, targets, cache_dir, issued_by)
    written += odt.build_editable(forms, corpus.settings.docs_dir, out_dir, issued_by)
    for circle in corpus.circles.values():
        target = out_dir / badge_svg(circle.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(badges.svg(corpus, circle), encoding="utf-8")
        written.append(target)
    _remove_stale(out_dir, written)
    pdf.prune_cache(cache_dir)
    return written


def _remove_stale(out_dir: Path, written: list[Path]) -> None:
    kept = set(written)  # paths built from out_dir, as rglob gives them
    for folder in OWN_DIRS:
        for path in (out_dir / folder).rglob("*") if (out_dir / folder).is_dir() else ():
            # unlink() removes a link, never what it points to.
            if path.suffix in (".pdf", ".svg", ".odt") and (path.is_symlink() or path.is_file()) and path not in kept:
                path.unlink()
