"""Timing a whole process, as the speed targets are defined (ratios of whole processes in one run)."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def whole_process(args: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `python ARGS` process; CPU, which a busy machine moves
    less, is printed beside the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return took, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
