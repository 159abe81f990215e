"""The communication kit's printed pieces: a poster (A4) and a leaflet (« dépliant », A5).

Both end with where to learn more: the site's address (`site_url`) and a local contact
(`extra.organisation.contact`). What is not set is left as a line to write by hand, so that
one print serves every service.
"""

from __future__ import annotations

from pathlib import Path

from ..text.markup import html as escape
from . import pdf
from .issuer import Issuer

CONTACT_LABELS = (("nom", "Votre contact"), ("courriel", "Courriel"), ("telephone", "Téléphone"))

POSTER = """
<div class="affiche">
  <p class="bandeau">Legs de compétences</p>
  <h1>Ce que vous savez faire mérite de rester.</h1>
  <p class="accroche">Vous êtes en seconde partie de carrière ? Votre expérience est précieuse pour
  les collègues qui prendront le relais. Rejoignez un cercle de compétences et transmettez-la.</p>
  <div class="colonnes">
    <div><h2>Transmettre</h2><p>Mettez par écrit, avec l'aide d'une personne référente, les gestes sûrs,
    les pièges et les contacts que vous êtes peut-être le seul agent à connaître.</p></div>
    <div><h2>Échanger</h2><p>Rencontrez des agents des trois versants de la fonction publique qui
    vivent les mêmes situations que vous.</p></div>
    <div><h2>Valoriser</h2><p>Chaque fiche legs publiée vous vaut un certificat, remis lors
    d'une cérémonie de reconnaissance.</p></div>
  </div>
  {where}
  <p class="pied">Fonction publique de l'État · territoriale · hospitalière</p>
</div>
"""

FLYER = """
<div class="flyer">
  <p class="bandeau">Legs de compétences</p>
  <h1>Transmettre avant de partir</h1>
  <p>Chaque départ en retraite emporte des savoir-faire qui ne sont écrits nulle part. Le dispositif
  « Legs de compétences » vous aide à les transmettre, sur votre temps de travail.</p>
  <h2>Comment ça marche ?</h2>
  <ol>
    <li>Vous rejoignez un cercle de compétences de votre domaine.</li>
    <li>Avec une personne référente legs, vous choisissez ce que vous voulez transmettre.</li>
    <li>Vous écrivez une fiche legs, seul ou en binôme avec la personne qui vous succède.</li>
    <li>La fiche est relue, publiée, et votre legs est reconnu par un certificat.</li>
  </ol>
  <h2>Pour qui ?</h2>
  <p>Les agents en seconde ou dernière partie de carrière qui veulent transmettre, et toutes les personnes
  qui veulent apprendre à leurs côtés.</p>
  {where}
</div>
"""


def where(issuer: Issuer) -> str:
    """The site's address and the local contact; a blank line to fill for what is not set."""
    address = (f'<strong class="adresse">{escape(issuer.site)}</strong>' if issuer.site
               else '<span class="a-remplir"></span>')
    rows = "".join(f'<tr><th scope="row">{label} :</th><td>{escape(issuer.contact.get(key, ""))}</td></tr>'
                   for key, label in CONTACT_LABELS)
    return ('<div class="ou"><p class="invitation">Pour en parler : votre personne référente legs ou votre '
            f'service des ressources humaines.</p><table class="contact">{rows}</table>'
            f'<p class="site">Toutes les fiches legs et le guide, sur le site :</p>{address}</div>')


def build(out_dir: Path, cache_dir: Path | None = None, issuer: Issuer | None = None) -> list[Path]:
    block = where(issuer or Issuer())
    return [
        pdf.render(pdf.page("Affiche — Legs de compétences", POSTER.replace("{where}", block)), ("affiche.css",),
                   out_dir / "affiche.pdf", cache_dir),
        pdf.render(pdf.page("Dépliant — Legs de compétences", FLYER.replace("{where}", block)), ("flyer.css",),
                   out_dir / "depliant.pdf", cache_dir),
    ]
