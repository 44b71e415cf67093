#!/usr/bin/env bash
# Install what the tests need (the .venv run.sh uses, the test requirements, Debian's Chromium for
# the browser tests) and run them all: ruff, the import layers, then every test in parallel.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
install_requirements requirements-test.txt
# The browser tests need Debian's Chromium, and an emoji font so the pages' icons and signs show as
# they do in the users' browsers, not as empty boxes
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
if [ ${#missing[@]} -gt 0 ] && ! apt_install "${missing[@]}"; then
  echo "The browser tests need: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
python -m ruff check .
lint-imports  # the layers of pilot/, no Streamlit in it, no import cycles (pyproject.toml)
python -m pytest -n auto "$@"
