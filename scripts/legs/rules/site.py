"""Rules on the site's own settings (mkdocs.yml), checked by `legs valider` before any build."""

from __future__ import annotations

from . import ERROR, rule

ORGANISATION = rule(
    code="LG120", name="reglage-organisation", severity=ERROR, applies_to="dépôt",
    title="Les réglages de l'organisation (extra.organisation dans mkdocs.yml : nom, logo, palette, couleurs) sont utilisables.",
    message="réglage de mkdocs.yml à corriger : {detail}",
    bad="extra:\n  organisation:\n    couleurs:\n      principale: jaune",
    good="extra:\n  organisation:\n    couleurs:\n      principale: \"#000091\"",
)

DIRECTORY_URLS = rule(
    code="LG121", name="reglage-adresses", severity=ERROR, applies_to="dépôt",
    title="Chaque page du site est publiée dans son propre dossier (use_directory_urls: true dans mkdocs.yml).",
    message="« use_directory_urls » doit rester à true : les gabarits et les pages du kit lient chaque page "
            "par son dossier. Votre serveur doit donc servir le fichier index.html d'un dossier, "
            "comme Apache, nginx et IIS le font par défaut",
    bad="use_directory_urls: false",
    good="use_directory_urls: true",
)
