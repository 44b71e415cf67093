#!/usr/bin/env bash
# Install what the tests need (pip packages, Debian's Chromium for the browser tests) and run them all.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  apt_opts=(-o DPkg::Lock::Timeout=300 -qq)  # wait for another install instead of failing
  $sudo_cmd apt-get "${apt_opts[@]}" update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get "${apt_opts[@]}" install -y chromium
fi
python3 -m ruff check .
lint-imports  # the layers of pilot/, no Streamlit in it, no import cycles (pyproject.toml)
python3 -m pytest -n auto "$@"
