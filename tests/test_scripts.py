"""The Quick start scripts (issue 9): on a python3 without ensurepip (Debian before python3-venv)
that cannot install it, run.sh stops with the one command to run, and makes nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/bash\n{body}\n")
    path.chmod(0o755)


def test_run_sh_names_the_command_when_python3_venv_cannot_be_installed(tmp_path: Path):
    project, stubs = tmp_path / "project", tmp_path / "bin"
    project.mkdir(), stubs.mkdir()
    for name in ("run.sh", "requirements.txt"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "scripts", project / "scripts")
    real = shutil.which("python3")
    # python3 without ensurepip; not root; sudo refuses (no password in a test)
    _stub(stubs, "python3", f'[[ "$*" == *ensurepip* ]] && exit 1\nexec {real} "$@"')
    _stub(stubs, "id", "echo 1000")
    _stub(stubs, "sudo", "exit 1")
    env = {"PATH": f"{stubs}:{os.environ['PATH']}", "HOME": str(tmp_path)}
    done = subprocess.run(
        ["bash", "run.sh"], cwd=project, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "Run this once, then run ./run.sh again:  sudo apt-get install -y python3-venv"
    )
    assert not (project / ".venv").exists()
