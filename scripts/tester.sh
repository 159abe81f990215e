#!/usr/bin/env bash
# Installe ce qu'il faut (Chromium, Poppler, LibreOffice, nginx, environnement Python) puis lance toute la suite de tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/installer.sh --tests
exec .venv/bin/python -m pytest "$@"
