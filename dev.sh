#!/usr/bin/env bash
# The two set-up commands of the README:
#   ./dev.sh serve   install everything and serve the navigator on the embedded defaults
#   ./dev.sh test    install everything (Chromium, PostgreSQL, Python packages) and run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"

log() { printf '\n==> %s\n' "$*" >&2; }

install_python() {
  local extras=$1
  if [ ! -x "$VENV/bin/python" ]; then
    log "Creating the virtual environment in .venv"
    python3 -m venv "$VENV"
  fi
  # The pins live in setup.cfg and the package is installed editable: while setup.cfg and the extras are
  # the same as at the last successful install, there is nothing to install (saves ~5 s per run).
  local stamp="$VENV/.installed${extras//[^a-z]/-}" wanted
  wanted=$(sha256sum setup.cfg | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    log "Installing Python packages"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -e ".${extras}" 2>&1 | grep -v "is ignored: it is neither" || true
    "$VENV/bin/python" -c "import navigator, whoosh, pymorphy3" # fail here, clearly, if the install did not work
    echo "$wanted" >"$stamp"
  fi
  local catalogs
  catalogs=$(find navigator/translations -name '*.po' -newer navigator/translations/en/LC_MESSAGES/messages.mo 2>/dev/null || true)
  if [ -n "$catalogs" ] || [ ! -f navigator/translations/en/LC_MESSAGES/messages.mo ]; then
    log "Compiling translations"
    local out
    out=$("$VENV/bin/flask" --app wsgi translations compile 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
  fi
}

install_system_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)  # the proxy tests run the shipped deploy/nginx files
  command -v wrk >/dev/null || missing+=(wrk)  # the load benchmark (python -m benchmarks.load)
  command -v openssl >/dev/null || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing system packages: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  # PostgreSQL refuses to run as root: run it as the postgres user, in a throwaway folder, on a socket in it.
  local bindir
  bindir=$(dirname "$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1)")
  PGTMP=$(mktemp -d /tmp/navigator-pg.XXXXXX)
  chmod 755 "$PGTMP"
  local runas=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGTMP"; runas=(runuser -u postgres --); fi
  "${runas[@]}" "$bindir/initdb" -D "$PGTMP/data" -U navigator -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${runas[@]}" "$bindir/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w \
    -o "-c listen_addresses='' -k $PGTMP -c max_connections=100 -c fsync=off" start >/dev/null
  "${runas[@]}" "$bindir/createdb" -h "$PGTMP" -U navigator navigator_test
  export NAVIGATOR_TEST_POSTGRES_URL="postgresql+psycopg://navigator@/navigator_test?host=$PGTMP"
  trap 'stop_postgres' EXIT
  PG_BINDIR=$bindir
  PG_RUNAS=("${runas[@]}")
  log "PostgreSQL is running for the tests (socket in $PGTMP)"
}

stop_postgres() {
  "${PG_RUNAS[@]}" "$PG_BINDIR/pg_ctl" -D "$PGTMP/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}

serve() {
  install_python ""
  local flask="$VENV/bin/flask --app wsgi"
  log "Checking content"
  $flask content check || log "Content has problems (listed above); the broken items are left out of the site."
  log "Database: migrations"
  $flask db upgrade
  log "Demo data (agencies, staff users, requests in every status; only into an empty database)"
  $flask demo load --no-samples
  log "Search index"
  $flask search reindex
  local port=${PORT:-8000}
  # Links in the JSON API, feeds and route sheets point at the public address: here, this server.
  export NAVIGATOR_PUBLIC_BASE_URL=${NAVIGATOR_PUBLIC_BASE_URL:-http://127.0.0.1:${port}}
  log "Try it"
  $flask demo show --base-url "http://127.0.0.1:${port}"
  log "Serving the navigator on http://127.0.0.1:${port}/ (Ctrl+C to stop)"
  exec "$VENV/bin/gunicorn" --workers 2 --bind "127.0.0.1:${port}" --access-logfile - wsgi:app
}

run_tests() {
  # The suite starts many Python processes (servers, CLI runs, workers): let them reuse compiled bytecode
  # (__pycache__ is ignored by git) even where the environment turns it off.
  unset PYTHONDONTWRITEBYTECODE
  install_system_packages
  install_python "[test]"
  start_postgres
  log "ruff"
  "$VENV/bin/ruff" check .
  "$VENV/bin/ruff" format --check .
  log "import layers (lint-imports)"
  "$VENV/bin/lint-imports" --no-cache >/dev/null || "$VENV/bin/lint-imports" --no-cache
  log "types (mypy)"
  "$VENV/bin/mypy"
  log "pytest"
  # Exit code 5 ("no tests ran") fails the run like any other failure. One worker per core (pytest-xdist):
  # every worker has its own index folder, PostgreSQL database, ports and browser; `-n 0` runs in one process.
  # Work stealing: a worker that runs out takes pending tests from the other, so the long ones do not leave a tail.
  "$VENV/bin/python" -m pytest -n auto --dist worksteal "$@"
}

case "${1:-}" in
  serve) shift; serve "$@" ;;
  test) shift; run_tests "$@" ;;
  *) echo "usage: ./dev.sh serve | ./dev.sh test [pytest arguments]" >&2; exit 2 ;;
esac
