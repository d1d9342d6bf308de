#!/usr/bin/env bash
# Install everything the tests need (Debian's Chromium for the real-browser tests, the Python
# packages), then run the linter and every test.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
python -m ruff check .
python -m pytest -n 2 -q "$@"
