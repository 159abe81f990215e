"""The « certificat de legs »: a ceremonial recognition for each published record."""

from __future__ import annotations

from pathlib import Path

from ..content.model import LegacyRecord
from ..corpus import Corpus, attribution
from ..text.french import french_date
from ..text.markup import html as escape
from . import badges, pdf
from .issuer import Issuer


def eligible(corpus: Corpus) -> list[LegacyRecord]:
    """Built records whose author agrees to be named: a withdrawn person gets no certificate."""
    return [r for r in corpus.built_records() if corpus.registry.visible(r.author) is not None]


def _signature(name: str, role: str) -> str:
    """A name, a role, and a line to sign on."""
    return (f'<div class="signature"><p class="nom-signataire">{escape(name)}</p><p class="role">{escape(role)}</p>'
            '<p class="ligne">Signature</p></div>')


def body(corpus: Corpus, record: LegacyRecord, issued_by: Issuer | None = None) -> str:
    circle = corpus.circles[record.circle_id]
    # Up to two referents sign with the employer: more would not fit beside them.
    referents = [attribution.person_label(corpus, r) for r in circle.referents][:2]
    return layout(attribution.author_label(corpus, record), record.title, circle.title, french_date(record.review_date),
                  referents, issued_by, badges.svg(corpus, circle))


def template(issued_by: Issuer | None = None) -> str:
    """The certificate with its blanks in brackets: the model an organisation adapts (.odt)."""
    return layout("[Prénom et nom]", "[Titre de la fiche legs]", "[Nom du cercle]", "[date]",
                  ["[Prénom et nom]"], issued_by)


def layout(name: str, title: str, circle: str, date: str, referents: list[str],
           issued_by: Issuer | None = None, badge: str = "") -> str:
    """The certificate's HTML, every value escaped; `badge` is an SVG the kit drew itself."""
    issued_by = issued_by or Issuer()
    signatures = "".join(_signature(referent, "Personne référente legs du cercle") for referent in referents)
    signatures += _signature(issued_by.on_behalf, issued_by.signatory)
    return (
        '<div class="cadre">'
        + (f'<div class="blason">{badge}</div>' if badge else "")
        + '<div class="texte"><p class="surtitre">Legs de compétences</p>'
        '<h1 class="titre-certificat">Certificat de legs</h1>'
        '<p class="decerne">est décerné à</p>'
        f'<p class="nom">{escape(name)}</p>'
        '<p class="pour">pour avoir transmis son savoir-faire</p>'
        f'<p class="fiche">« {escape(title)} »</p>'
        f'<p class="cercle">au sein du cercle de compétences « {escape(circle)} »</p>'
        f'<p class="date">Fiche legs publiée le {escape(date)}</p></div>'
        f'<div class="signatures">{signatures}</div></div>')


def build_all(corpus: Corpus, targets: dict[str, Path], cache_dir: Path | None = None,
              issued_by: Issuer | None = None) -> list[Path]:
    """The certificates of the eligible records, at `targets[record.id]`."""
    documents = [(f"Certificat de legs — {record.title}", body(corpus, record, issued_by), targets[record.id])
                 for record in eligible(corpus)]
    return pdf.render_pages(documents, ("certificat.css",), cache_dir)
