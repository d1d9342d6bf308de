#!/usr/bin/env bash
# The whole check: install what the tests need (Debian's Chromium and fonts for the real-browser
# tests, Debian's PostgreSQL server, LibreOffice for the outgoing-file check, the Python
# packages), run the linter, then the suite twice: on SQLite files, and on a throwaway
# PostgreSQL cluster that lives in a temporary folder on a free loopback port for the length of
# this script. Extra arguments go to both pytest runs.
#
#   CASEBOOK_TEST_DATABASE=postgresql+psycopg://user:pass@host/db bash tests/run.sh
#       uses that server for the PostgreSQL pass instead of starting one.
#   CASEBOOK_SKIP_POSTGRESQL=1 bash tests/run.sh
#       runs the SQLite pass only.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

postgres_bin() {
  find /usr/lib/postgresql -path '*/bin/pg_ctl' 2>/dev/null | sort -V | tail -n 1 | xargs -r dirname
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
# LibreOffice writes some of the files the outgoing-file check is tested on (check-safe).
command -v soffice >/dev/null \
  || missing+=(libreoffice-writer-nogui libreoffice-impress-nogui libreoffice-calc-nogui)
if [ -z "${CASEBOOK_TEST_DATABASE:-}" ] && [ -z "${CASEBOOK_SKIP_POSTGRESQL:-}" ] \
  && [ -z "$(postgres_bin)" ]; then
  missing+=(postgresql)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# pip resolves the whole list even when nothing is missing (seconds, and a wait on the index).
if ! python tests/requirements_met.py requirements-dev.txt; then
  python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
fi
python -m ruff check .

cluster=""
stop_cluster() {
  if [ -n "$cluster" ]; then
    as_postgres "$(postgres_bin)/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
  fi
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM  # exit through the EXIT trap, so the cluster never outlives the run

# initdb and pg_ctl refuse to run as root: as root, the cluster belongs to the postgres user.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_cluster() {
  local bin port
  bin="$(postgres_bin)"
  if [ -z "$bin" ]; then
    echo "PostgreSQL's server is not installed (apt-get install postgresql)" >&2
    return 1
  fi
  cluster="$(mktemp -d "${TMPDIR:-/tmp}/casebook-pg.XXXXXX")"
  [ "$(id -u)" != 0 ] || chown postgres "$cluster"
  port="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_postgres "$bin/initdb" -D "$cluster/data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log" >&2; return 1; }
  # Durability off: the cluster is thrown away at the end, and the tests run faster.
  as_postgres "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 120 -o \
    "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$cluster \
     -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$cluster/server.log" >&2; return 1; }
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres casebook_test
  echo "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port ($cluster)"
  CASEBOOK_TEST_DATABASE="postgresql+psycopg://postgres@127.0.0.1:$port/casebook_test"
}

# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE): else
# every xdist worker, every `streamlit run` and every CLI subprocess a test starts compiles the
# app's and the tests' modules again (about 3.5 s of CPU per process that collects the suite).
status=0
echo "== the suite on SQLite"
env -u CASEBOOK_TEST_DATABASE -u PYTHONDONTWRITEBYTECODE python -m pytest -n 2 -q "$@" || status=$?

if [ -z "${CASEBOOK_SKIP_POSTGRESQL:-}" ]; then
  if [ -z "${CASEBOOK_TEST_DATABASE:-}" ]; then
    start_cluster
  fi
  # Browser tests are slow: only those marked `postgresql` (tests/conftest.py) run here too.
  echo "== the suite on PostgreSQL"
  env -u PYTHONDONTWRITEBYTECODE CASEBOOK_TEST_DATABASE="$CASEBOOK_TEST_DATABASE" \
    python -m pytest -n 2 -q -m "not browser or postgresql" "$@" || status=$?
fi
exit "$status"
