"""Who issues the printed documents, read from mkdocs.yml: the organisation (name, logo, who
signs, whom to contact), the site's address, the guide's edition and its chapters in nav order.

    site_url: https://legs.intranet.exemple.gouv.fr/
    extra:
      organisation:
        nom: Administration d'exemple
        logo: assets/logo.svg
        signataire: La directrice des ressources humaines
        edition: Version 2
        contact: {nom: Camille Martin, courriel: legs@exemple.gouv.fr, telephone: 01 23 45 67 89}

Everything is optional: an absent value gets a sensible default, or a line to fill by hand.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content import look
from ..content.settings import Settings, config_loader
from ..text.markup import http_url

DEFAULT_SIGNATORY = "La direction des ressources humaines"
_GUIDE_PAGE = re.compile(r"^guide/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
_LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".webp": "image/webp"}


@dataclass(frozen=True)
class Issuer:
    organisation: str = ""
    logo: str = ""  # a data: URL, so that the offline PDF renderer may embed it
    signatory: str = DEFAULT_SIGNATORY
    edition: str = ""
    site: str = ""  # http(s) address of the site, or "" when unknown
    contact: dict[str, str] = field(default_factory=dict)
    guide_order: tuple[str, ...] = ()  # chapter names (guide/<name>.md) in nav order

    @property
    def on_behalf(self) -> str:
        """« Pour … » on the certificate: the organisation's name, or a generic wording."""
        return f"Pour {self.organisation}" if self.organisation else "Pour l'organisation"


def load(settings: Settings) -> Issuer:
    """The issuer as mkdocs.yml sets it; raises `look.LookError` (French) for a wrong setting."""
    config_file = settings.root / "mkdocs.yml"
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=config_loader()) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = {}  # no or unreadable mkdocs.yml: the build and `legs valider` say why
    if not isinstance(config, dict):
        config = {}
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    found = look.load(extra, settings.docs_dir)
    return Issuer(
        organisation=found.name,
        logo=_data_url(settings.docs_dir / found.logo) if found.logo else "",
        signatory=found.signatory or DEFAULT_SIGNATORY,
        edition=found.edition,
        site=http_url(str(config.get("site_url") or "")),
        contact=dict(found.contact),
        guide_order=tuple(guide_pages(config.get("nav"))),
    )


def guide_pages(nav: object) -> list[str]:
    """The chapters of the guide in the order of the site's navigation, nested sections included."""
    found: list[str] = []

    def walk(entry: object) -> None:
        if isinstance(entry, str):
            match = _GUIDE_PAGE.match(entry.strip().lstrip("./"))
            if match and match.group(1) not in found:
                found.append(match.group(1))
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for item in entry:
                walk(item)

    walk(nav)
    return found


def _data_url(path: Path) -> str:
    """The logo as a data: URL (look.load has checked it is an ordinary file of docs/)."""
    data = path.read_bytes()
    kind = _LOGO_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
