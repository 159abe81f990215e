#!/usr/bin/env bash
# Prépare la machine : paquets Debian (avec --tests : de quoi lancer les tests), puis
# l'environnement Python du kit dans .venv, avec des versions épinglées (pyproject.toml) ;
# avec --tests, aussi .venv-properdocs, le même kit construit avec ProperDocs, et nginx
# (déballé dans .outils/, sans être installé comme service).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
extra=""
if [ "${1:-}" = "--tests" ]; then
  packages+=(chromium poppler-utils libreoffice-writer-nogui)
  extra="[test]"
fi

python=${PYTHON:-python3}
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
"$python" -c "import venv, ensurepip" 2>/dev/null || missing+=(python3-venv)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "Il manque les paquets ${missing[*]} : installez-les avec le gestionnaire de paquets de votre système." >&2
    exit 1
  fi
  echo "Installation des paquets système : ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Tests only: nginx, to check the advised setting (exemples/nginx-legs.conf) with the real server.
# Unpacked into .outils/ rather than installed: a Debian install would also start it as a
# service on port 80 of the developer's machine.
if [ -n "$extra" ] && [ ! -x .outils/nginx/usr/sbin/nginx ]; then
  command -v apt-get >/dev/null || { echo "Il faut apt-get pour obtenir nginx (tests)." >&2; exit 1; }
  debs=$(mktemp -d)
  if ! (cd "$debs" && apt-get download -qq nginx nginx-common 2>/dev/null); then
    $sudo apt-get update -qq
    (cd "$debs" && apt-get download -qq nginx nginx-common)
  fi
  mkdir -p .outils/nginx
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" .outils/nginx; done
  rm -rf "$debs"
fi

if [ ! -x .venv/bin/python ]; then
  echo "Création de l'environnement Python (.venv)"
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"

# Tests only: the same kit and pins built by ProperDocs (the maintained fork of MkDocs 1.6) in a
# second environment, so tests/test_properdocs.py can compare its pages with MkDocs' ones.
if [ -n "$extra" ]; then
  if [ ! -x .venv-properdocs/bin/python ]; then
    echo "Création de l'environnement ProperDocs (.venv-properdocs)"
    "$python" -m venv .venv-properdocs
  fi
  .venv-properdocs/bin/python -m pip install --quiet --disable-pip-version-check -e ".[properdocs]"
fi
