#!/usr/bin/env bash
# Polis setup: system packages, a Python >= 3.12 virtualenv, the project itself.
# Idempotent: a second run with nothing to do only checks and returns.
#
#   ./setup.sh          runtime (what `make run` needs)
#   ./setup.sh --test   runtime + test tools (what `make test` needs)
set -euo pipefail
cd "$(dirname "$0")"

MODE=${1:-run}
VENV=${POLIS_VENV:-.venv}
PG_VERSION=${POLIS_PG_VERSION:-15}

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] error:\033[0m %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- system packages
APT_RUN=(postgresql-$PG_VERSION postgresql-$PG_VERSION-postgis-3 postgresql-$PG_VERSION-pgrouting
         mosquitto gdal-bin)
APT_TEST=(chromium osm2pgsql wrk python3-qgis)  # python3-qgis: QGIS as an OAPIF client in tests
want=("${APT_RUN[@]}")
[ "$MODE" = "--test" ] && want+=("${APT_TEST[@]}")
# web assets: Debian's nodejs + npm, only when no npm is on PATH (see "web assets" below)
command -v npm >/dev/null 2>&1 || want+=(nodejs npm)

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    die "missing system packages (${missing[*]}) and no sudo: ask an administrator to run
    apt-get install ${missing[*]}"
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---------------------------------------------------------------- Python >= 3.12
py_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
find_python() {
  local c
  for c in "${POLIS_PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && py_ok "$c" && { command -v "$c"; return; }
  done
  for c in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[23]*/bin/python3 \
           /root/.pyenv/versions/3.1[23]*/bin/python3 /usr/bin/python3.1[23] /usr/local/bin/python3.1[23]; do
    [ -x "$c" ] && py_ok "$c" && { echo "$c"; return; }
  done
  return 1
}

if [ -x "$VENV/bin/python" ] && py_ok "$VENV/bin/python"; then :; else
  PY=$(find_python) || die "no Python >= 3.12 found (looked for python3.13, python3.12 on PATH,
    under pyenv and /usr/bin). Install one (e.g. 'pyenv install 3.12' or apt's python3.12) or set POLIS_PYTHON."
  say "creating virtualenv $VENV with $PY ($("$PY" --version))"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | { grep -v "is ignored" || true; }
fi

# ---------------------------------------------------------------- the project
stamp="$VENV/.polis-$([ "$MODE" = "--test" ] && echo dev || echo run)"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  extra=$([ "$MODE" = "--test" ] && echo "[dev]" || echo "")
  say "installing Polis$extra into $VENV"
  "$VENV/bin/python" -m pip install -q -e ".$extra" >"$VENV/pip.log" 2>&1 \
    || { grep -v "is ignored" "$VENV/pip.log" >&2; die "pip could not install the project (log above)"; }
  touch "$stamp"
fi
# ---------------------------------------------------------------- web assets
# Leaflet and Leaflet.VectorGrid for the web map, Bootstrap and Swagger UI for the OGC
# API's HTML pages, installed by npm from webmap/package-lock.json into
# webmap/node_modules (gitignored) and served by Polis itself: no CDN, no third-party
# code committed (swagger-ui-dist's Scarf install analytics are off in package.json).
web_stamp=webmap/node_modules/.polis-stamp
if [ ! -f "$web_stamp" ] || [ webmap/package.json -nt "$web_stamp" ] \
   || [ webmap/package-lock.json -nt "$web_stamp" ]; then
  say "installing the web map's browser assets (npm ci in webmap/)"
  npm ci --prefix webmap --no-audit --no-fund --loglevel=error >"$VENV/npm.log" 2>&1 \
    || { cat "$VENV/npm.log" >&2; die "npm could not install the web map assets (log above)"; }
  touch "$web_stamp"
fi
# ---------------------------------------------------------------- end of web assets

say "ready ($("$VENV/bin/python" --version), $(basename "$VENV"))"
