"""Refait les captures d'écran de CONTRIBUTING.md : python scripts/captures_ecran.py

Construit le site, l'ouvre dans Chromium et photographie les étapes du formulaire
« Proposer une fiche ». Les images vont dans docs/contribuer/images/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "contribuer" / "images"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, "-m", "legs.cli", "--depot", str(ROOT), "construire", "--dossier", str(site)],
                       check=True, capture_output=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/contribuer/proposer/"
        IMAGES.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1100, "height": 760})
            page.goto(url)
            page.wait_for_selector("#legs-proposer[data-pret=oui]")
            page.select_option("#cercle", "archives")
            page.fill("#titre", "Préparer le versement annuel aux archives")
            page.screenshot(path=str(IMAGES / "1-formulaire.png"))
            page.click("#legs-proposer button[type=submit]")
            page.wait_for_selector("#legs-erreurs:not([hidden])")
            page.locator("#legs-erreurs").screenshot(path=str(IMAGES / "2-erreurs.png"))
            page.fill("#resume", "Les étapes pour préparer le versement annuel des dossiers clos aux archives.")
            page.fill("#auteur", "gfontaine")
            page.select_option("#metier", "archiviste")
            page.check("input[name=versant][value='État']")
            page.select_option("#organisation", "prefecture-val-d-orne")
            page.check("#competences-classement-versement")
            page.check("input[name=types_savoir][value=savoir-faire]")
            page.select_option("#criticite", "forte")
            page.select_option("#rarete", "rare")
            page.check("input[name=visibilite][value=publique]")
            for index in range(6):
                page.fill(f"#section-{index}", "Un texte d'exemple pour cette section.")
            page.click("#legs-proposer button[type=submit]")
            page.wait_for_selector("#legs-proposer[data-etat=prete]")
            page.locator("#legs-resultat").screenshot(path=str(IMAGES / "3-resultat.png"))
            browser.close()
        server.shutdown()
    print(f"Captures écrites dans {IMAGES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
