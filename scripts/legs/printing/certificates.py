"""The « certificat de legs »: a ceremonial recognition for each published record."""

from __future__ import annotations

from pathlib import Path

from .. import attribution
from ..markup import html as escape
from ..corpus import Corpus
from ..model import LegacyRecord
from ..views import french_date
from . import pdf


def eligible(corpus: Corpus) -> list[LegacyRecord]:
    """Built records whose author agrees to be named: a withdrawn person gets no certificate."""
    return [r for r in corpus.built_records() if corpus.registry.visible(r.author) is not None]


def body(corpus: Corpus, record: LegacyRecord) -> str:
    circle = corpus.circles[record.circle_id]
    referents = [attribution.person_label(corpus, r) for r in circle.referents]
    signatures = "".join(f'<div class="signature"><p>{escape(name)}</p><p class="role">Référent·e legs</p></div>' for name in referents)
    return (
        '<div class="cadre"><p class="surtitre">Legs de compétences</p>'
        '<h1>Certificat de legs</h1>'
        '<p class="decerne">est décerné à</p>'
        f'<p class="nom">{escape(attribution.author_label(corpus, record))}</p>'
        '<p class="pour">pour avoir transmis son savoir-faire</p>'
        f'<p class="fiche">« {escape(record.title)} »</p>'
        f'<p class="cercle">au sein du cercle de compétences « {escape(circle.title)} »</p>'
        f'<p class="date">Fiche legs publiée le {escape(french_date(record.review_date))}</p>'
        f'<div class="signatures">{signatures}</div></div>')


def build_all(corpus: Corpus, targets: dict[str, Path], cache_dir: Path | None = None) -> list[Path]:
    """The certificates of the eligible records, at `targets[record.id]`."""
    documents = [(f"Certificat de legs — {record.title}", body(corpus, record), targets[record.id])
                 for record in eligible(corpus)]
    return pdf.render_pages(documents, ("certificat.css",), cache_dir)
