"""Every benchmark still runs, at a tiny size (./test.sh): no timing is asserted, only that each one
finishes and says whether its target is met."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

TINY = {
    "bench_startup.py": ["1"],
    "bench_metrics.py": ["1", "40"],
    "bench_pages.py": ["1", "40"],
    "bench_summary.py": ["-", "40"],
    "bench_import.py": ["2000", "100"],
}


@pytest.mark.parametrize("script", sorted(TINY))
def test_the_benchmark_runs_and_gives_its_verdict(script):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *TINY[script]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    verdict = [line for line in done.stdout.splitlines() if "target" in line]
    assert verdict and (" met" in verdict[-1] or "NOT met" in verdict[-1]), done.stdout


def test_every_benchmark_is_run_by_the_suite():
    assert sorted(p.name for p in (ROOT / "bench").glob("bench_*.py")) == sorted(TINY)
