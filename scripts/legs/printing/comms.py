"""The communication kit's printed pieces: a poster (A4) and a flyer (A5)."""

from __future__ import annotations

from pathlib import Path

from . import pdf

POSTER = """
<div class="affiche">
  <p class="bandeau">Legs de compétences</p>
  <h1>Ce que vous savez faire mérite de rester.</h1>
  <p class="accroche">Vous êtes en seconde partie de carrière ? Votre expérience est précieuse pour
  ceux qui prendront le relais. Rejoignez un cercle de compétences et transmettez-la.</p>
  <div class="colonnes">
    <div><h2>Transmettre</h2><p>Mettez par écrit, avec l'aide d'un·e référent·e, les gestes sûrs,
    les pièges et les contacts que vous seul·e connaissez.</p></div>
    <div><h2>Échanger</h2><p>Rencontrez des agents des trois versants de la fonction publique qui
    vivent les mêmes situations que vous.</p></div>
    <div><h2>Être reconnu·e</h2><p>Chaque fiche legs publiée vous vaut un certificat, remis lors
    d'une cérémonie de reconnaissance.</p></div>
  </div>
  <p class="contact">Parlez-en à votre référent·e legs ou à votre service des ressources humaines.</p>
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
    <li>Avec un·e référent·e legs, vous choisissez ce que vous voulez transmettre.</li>
    <li>Vous écrivez une fiche legs, seul·e ou en binôme avec votre successeur.</li>
    <li>La fiche est relue, publiée, et votre legs est reconnu par un certificat.</li>
  </ol>
  <h2>Pour qui ?</h2>
  <p>Les agents en seconde ou dernière partie de carrière qui veulent transmettre, et tous ceux qui
  veulent apprendre d'eux.</p>
  <p class="contact">Contact : votre référent·e legs ou votre service des ressources humaines.</p>
</div>
"""


def build(out_dir: Path, cache_dir: Path | None = None) -> list[Path]:
    return [
        pdf.render(pdf.page("Affiche — Legs de compétences", POSTER), ("affiche.css",), out_dir / "affiche.pdf", cache_dir),
        pdf.render(pdf.page("Dépliant — Legs de compétences", FLYER), ("flyer.css",), out_dir / "flyer.pdf", cache_dir),
    ]
