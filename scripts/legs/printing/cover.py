"""The guide's cover: who publishes it, which edition, and a drawing of the kit's own.

The drawing is two circles of competences that overlap: what is passed on lies where they
meet, and a trail of dots carries it from one to the other. No external image: the cover
prints the same offline.
"""

from __future__ import annotations

import datetime as dt

from ..text.french import french_date
from ..text.markup import html as escape
from .issuer import Issuer

GOLD = "#ffd54f"

DRAWING = f"""<svg class="couverture-dessin" viewBox="0 0 200 120" role="img" aria-label="Deux cercles qui se
rejoignent : un savoir-faire passe de l'un à l'autre" xmlns="http://www.w3.org/2000/svg">
<defs><clipPath id="cercle-passeur"><circle cx="78" cy="66" r="44"/></clipPath></defs>
<circle cx="78" cy="66" r="54" fill="none" stroke="#ffffff" stroke-opacity="0.15" stroke-width="0.6"/>
<circle cx="122" cy="66" r="54" fill="none" stroke="#ffffff" stroke-opacity="0.15" stroke-width="0.6"/>
<circle cx="78" cy="66" r="44" fill="#ffffff" fill-opacity="0.10" stroke="#ffffff" stroke-width="1.4"/>
<circle cx="122" cy="66" r="44" fill="#ffffff" fill-opacity="0.06" stroke="#ffffff" stroke-width="1.4"
 stroke-dasharray="3 2.2"/>
<circle cx="122" cy="66" r="44" fill="{GOLD}" fill-opacity="0.9" clip-path="url(#cercle-passeur)"/>
<g fill="{GOLD}">
<circle cx="38" cy="20" r="1.2"/><circle cx="52" cy="13" r="1.6"/><circle cx="68" cy="9" r="2"/>
<circle cx="85" cy="7.5" r="2.4"/><circle cx="102" cy="8" r="2.8"/><circle cx="119" cy="10.5" r="3.2"/>
<circle cx="136" cy="15" r="3.6"/><circle cx="152" cy="22" r="4"/>
</g>
</svg>"""


def html(issuer: Issuer, today: dt.date) -> str:
    """The cover page: issuer on top, title, drawing, edition at the bottom."""
    logo = f'<img class="couverture-logo" src="{escape(issuer.logo)}" alt="">' if issuer.logo else ""
    organisation = (f'<p class="couverture-organisation">{escape(issuer.organisation)}</p>'
                    if issuer.organisation else "")
    edition = issuer.edition or f"Édition {today.year}"
    return (
        '<section class="couverture">'
        f'<div class="couverture-emetteur">{logo}{organisation}</div>'
        '<p class="couverture-surtitre">Legs de compétences</p>'
        '<h1 class="couverture-titre">Guide méthodologique</h1>'
        '<p class="couverture-sous-titre">Transmettre les savoir-faire des agents publics : cercles de compétences, '
        'binômes et fiches legs, pas à pas</p>'
        f"{DRAWING}"
        f'<div class="couverture-edition"><p class="couverture-version">{escape(edition)}</p>'
        f'<p class="couverture-date">Mise à jour du {french_date(today)}</p></div>'
        "</section>")


def colophon(issuer: Issuer, today: dt.date) -> str:
    """A few lines under the contents: who publishes, when, and where the guide lives online."""
    lines = [f"Publié par {escape(issuer.organisation)}." if issuer.organisation else "",
             f"{escape(issuer.edition or f'Édition {today.year}')}, mise à jour du {french_date(today)}.",
             f"Version en ligne, toujours à jour : {escape(issuer.site)}" if issuer.site else "",
             "Produit avec le kit libre « Legs de compétences »."]
    return '<div class="colophon">' + "".join(f"<p>{line}</p>" for line in lines if line) + "</div>"
