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
