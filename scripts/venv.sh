# Sourced by run.sh and test.sh: make the project's .venv if it is missing, install a requirements
# file into it when that file changed, and put .venv/bin first on PATH. Debian and Ubuntu ship
# python3 without ensurepip (and refuse pip outside a virtualenv), so python3-venv is installed
# here when this runs as root or with sudo; otherwise it stops with the one command to run.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

apt_install() {
  # Wait for another apt (unattended upgrades) instead of failing; quiet unless it goes wrong.
  local opts=(-o DPkg::Lock::Timeout=300 -qq)
  as_root apt-get "${opts[@]}" update &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" install -y "$@"
}

ensure_venv() {
  if [ -x .venv/bin/python ] && .venv/bin/python -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Python 3.11 or newer is needed; python3 is $(python3 --version 2>&1)." >&2
    exit 1
  fi
  if ! python3 -c 'import ensurepip' 2>/dev/null; then
    echo "python3 cannot make a virtualenv yet: installing Debian's python3-venv..." >&2
    if ! { command -v apt-get >/dev/null && apt_install python3-venv; }; then
      echo "Run this once, then run ./$(basename "$0") again:  sudo apt-get install -y python3-venv" >&2
      exit 1
    fi
  fi
  python3 -m venv --clear .venv  # --clear: a half-made .venv from a failed attempt is redone
}

# install_requirements FILE: pip install -r FILE into .venv, skipped when FILE (and the
# requirements.txt it may include) are unchanged since the last successful install.
install_requirements() {
  local stamp=".venv/installed-$1"
  if cat "$1" requirements.txt | cmp -s - "$stamp" 2>/dev/null; then
    return 0
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$1"
  cat "$1" requirements.txt >"$stamp"
}

ensure_venv
export PATH="$PWD/.venv/bin:$PATH"
