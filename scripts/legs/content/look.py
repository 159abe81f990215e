"""The organisation's own look: its name, logo and colours, set once in `mkdocs.yml`.

    extra:
      organisation:
        nom: Direction départementale des territoires du Val-d'Orne
        logo: assets/logo.svg          # a file of docs/; absent: the kit's icon
        palette: etat                  # defaut or etat
        couleurs:                      # optional, override the palette
          principale: "#000091"
          accent: "#e1000f"
        signataire: La directrice des ressources humaines   # signs the certificates
        edition: Version 2                 # label of the printed guide's edition
        contact:                           # printed on the poster and the leaflet
          nom: Camille Martin
          courriel: legs@exemple.gouv.fr
          telephone: 01 23 45 67 89

The colours become Material's CSS custom properties in a small generated style sheet. Only
`#rrggbb` values are accepted, and the main colour must keep a contrast of at least 4.5:1
with white (header text, links): a value cannot inject CSS nor make the site unreadable.

The « etat » palette takes the colours of the French State's design system (DSFR): blue
France and red Marianne. Colours only: the Marianne typeface and the State block
(« bloc-marque ») are reserved to State services and are not shipped with the kit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CSS_URI = "assets/legs-organisation.css"
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_LOGO_PATH = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*\.[a-z]+$")
MIN_CONTRAST = 4.5
# Settings read only by the printed documents, and the keys of `contact`.
PRINTED = ("signataire", "edition", "contact")
CONTACT_KEYS = ("nom", "courriel", "telephone")

# Each palette: main colour, its light and dark shades, accent colour (links on hover, focus).
PALETTES = {
    # Material's indigo, the kit's look until now.
    "defaut": {"principale": "#4051b5", "claire": "#5d6cc0", "foncee": "#303fa1", "accent": "#526cfe"},
    # Close to the DSFR: blue France (#000091, 14.9:1 with white) and red Marianne
    # (#e1000f, 5:1 with white). Colours only: no Marianne typeface, no State block.
    "etat": {"principale": "#000091", "claire": "#1212ff", "foncee": "#000074", "accent": "#e1000f"},
}


class LookError(ValueError):
    """A setting of `extra.organisation` that cannot be used; the message is in French."""


@dataclass(frozen=True)
class Look:
    name: str
    logo: str | None  # path in docs/, or None for the kit's icon
    palette: str
    primary: str
    primary_light: str
    primary_dark: str
    accent: str
    # Printed documents (scripts/legs/printing): who signs, which edition, whom to contact.
    signatory: str = ""
    edition: str = ""
    contact: tuple[tuple[str, str], ...] = ()  # (key, value) for nom, courriel, telephone

    def css(self) -> str:
        """The style sheet: only validated `#rrggbb` values go into it."""
        return (
            "/* Généré par le kit legs à partir de extra.organisation (mkdocs.yml) : ne pas modifier. */\n"
            ":root, :root > * {\n"
            f"  --md-primary-fg-color: {self.primary};\n"
            f"  --md-primary-fg-color--light: {self.primary_light};\n"
            f"  --md-primary-fg-color--dark: {self.primary_dark};\n"
            "  --md-primary-bg-color: #ffffff;\n"
            "  --md-primary-bg-color--light: #ffffffb3;\n"
            f"  --md-accent-fg-color: {self.accent};\n"
            f"  --md-accent-fg-color--transparent: {self.accent}1a;\n"
            "  --md-accent-bg-color: #ffffff;\n"
            "  --md-accent-bg-color--light: #ffffffb3;\n"
            f"  --md-typeset-a-color: {self.primary};\n"
            f"  --legs-couleur: {self.primary};\n"
            f"  --legs-couleur-foncee: {self.primary_dark};\n"
            "}\n"
        )


def contrast(color: str, other: str = "#ffffff") -> float:
    """WCAG 2.1 contrast ratio between two `#rrggbb` colours."""
    def luminance(value: str) -> float:
        channels = [int(value[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(color), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mix(color: str, target: str, share: float) -> str:
    """`color` moved `share` of the way towards `target`."""
    mixed = [round(int(color[i:i + 2], 16) * (1 - share) + int(target[i:i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _color(value: object, key: str) -> str:
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise LookError(f"« extra.organisation.couleurs.{key} » doit être une couleur écrite #rrggbb, entre guillemets "
                        f"(par exemple \"#000091\") ; valeur reçue : {value!r}.")
    color = value.lower()
    ratio = contrast(color)
    if ratio < MIN_CONTRAST:
        raise LookError(f"« extra.organisation.couleurs.{key} » ({color}) est trop claire : contraste de "
                        f"{ratio:.1f}:1 avec le blanc, il faut au moins {MIN_CONTRAST}:1 pour rester lisible (RGAA). "
                        "Choisissez une couleur plus foncée.")
    return color


def load(extra: dict | None, docs_dir: Path) -> Look:
    """The look set in `extra.organisation`, checked; French messages for what is wrong."""
    settings = (extra or {}).get("organisation") or {}
    if not isinstance(settings, dict):
        raise LookError("« extra.organisation » doit être un bloc de réglages (nom, logo, palette, couleurs).")
    unknown = sorted(set(settings) - {"nom", "logo", "palette", "couleurs", *PRINTED})
    if unknown:
        raise LookError(f"Réglage inconnu dans « extra.organisation » : {', '.join(map(str, unknown))} "
                        f"(réglages possibles : nom, logo, palette, couleurs, {', '.join(PRINTED)}).")
    name = _line(settings.get("nom"), "nom")
    palette_name = settings.get("palette") or "defaut"
    if palette_name not in PALETTES:
        raise LookError(f"« extra.organisation.palette » : palette inconnue {palette_name!r} ; "
                        f"choisissez {' ou '.join(PALETTES)}.")
    palette = PALETTES[palette_name]
    colors = settings.get("couleurs") or {}
    if not isinstance(colors, dict) or set(colors) - {"principale", "accent"}:
        raise LookError("« extra.organisation.couleurs » n'accepte que « principale » et « accent », "
                        "chacune écrite #rrggbb.")
    primary, light, dark = palette["principale"], palette["claire"], palette["foncee"]
    if colors.get("principale") is not None:
        primary = _color(colors["principale"], "principale")
        light, dark = _mix(primary, "#ffffff", 0.15), _mix(primary, "#000000", 0.2)
    accent = _color(colors["accent"], "accent") if colors.get("accent") is not None else palette["accent"]
    contact = settings.get("contact") or {}
    if not isinstance(contact, dict) or set(contact) - set(CONTACT_KEYS):
        raise LookError("« extra.organisation.contact » n'accepte que « nom », « courriel » et « telephone », "
                        "chacun sur une ligne.")
    return Look(name, _logo(settings.get("logo"), docs_dir), palette_name, primary, light, dark, accent,
                _line(settings.get("signataire"), "signataire"), _line(settings.get("edition"), "edition"),
                tuple((key, _line(contact.get(key), f"contact.{key}")) for key in CONTACT_KEYS if contact.get(key)))


def _line(value: object, key: str) -> str:
    """A one-line text setting of `extra.organisation`, or "" when absent."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # « edition: 2 », « telephone: 0123456789 »: meant as text
    if not isinstance(value, str) or len(value) > 150 or any(ord(ch) < 32 for ch in value):
        raise LookError(f"« extra.organisation.{key} » doit être un texte d'une ligne, de 150 caractères au plus.")
    return value.strip()


def _logo(value: object, docs_dir: Path) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _LOGO_PATH.fullmatch(value) or not value.endswith(LOGO_SUFFIXES):
        raise LookError("« extra.organisation.logo » doit être le chemin d'une image du dossier docs/ "
                        f"({', '.join(LOGO_SUFFIXES)}), en minuscules sans accent, par exemple « assets/logo.svg » ; "
                        f"valeur reçue : {value!r}.")
    path = docs_dir / value
    if path.is_symlink() or not path.is_file():
        raise LookError(f"« extra.organisation.logo » : le fichier docs/{value} est introuvable "
                        "(ou n'est pas un fichier ordinaire) ; ajoutez-le ou retirez ce réglage.")
    return value
