#!/usr/bin/env bash
# Installe le kit dans un environnement Python local (.venv) puis sert le site d'exemple
# sur http://127.0.0.1:8000/. Relancer la commande ne réinstalle que ce qui a changé.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/installer.sh
exec .venv/bin/legs servir "$@"
