#!/usr/bin/env bash
# Install what the tests need (the .venv run.sh uses, the test requirements, Debian's Chromium for
# the browser tests) and run them all: ruff, the import layers, then every test in parallel.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
install_requirements requirements-test.txt
if [ ! -x /usr/bin/chromium ] && ! apt_install chromium; then
  echo "The browser tests need Debian's Chromium: sudo apt-get install -y chromium" >&2
  exit 1
fi
python -m ruff check .
lint-imports  # the layers of pilot/, no Streamlit in it, no import cycles (pyproject.toml)
python -m pytest -n auto "$@"
