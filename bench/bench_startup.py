"""Start-up of the CLI commands that draw nothing, against `python -c "import pandas"` (issue 14).

Each command is run as a whole process on the demo pilot, best of RUNS, interleaved with the
bare baseline in the same run so that a busy machine moves both. Target: within 1.2x.
The package's bytecode is compiled first, as an installed package has it (this machine sets
PYTHONDONTWRITEBYTECODE, which would otherwise recompile every module of `pilot` on each run).

    python bench/bench_startup.py [RUNS]
"""

from __future__ import annotations

import compileall
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
TARGET = 1.2


def commands(tmp: Path) -> dict[str, list[str]]:
    """The commands that draw nothing, each on files of the demo pilot."""
    db = ["--db", str(tmp / "demo.db")]
    return {
        "--help": ["--help"],
        "create": ["create", "--db", str(tmp / "created.db"), str(DEMO / "pilot.toml")],
        "participants": ["participants", *db, "--pilot", "demo", str(DEMO / "participants.csv")],
        "benefits": ["benefits", *db, "--pilot", "demo", str(DEMO / "benefits.csv")],
        "import": [
            "import",
            *db,
            "--pilot",
            "demo",
            str(DEMO / "exports" / "VivaEngageActivityUserDetail_20261122.csv"),
        ],
        "metrics": ["metrics", *db, "--pilot", "demo"],
    }


def timed(args: list[str], fresh: Path | None = None) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one whole process (after deleting `fresh`, a database to create)."""
    if fresh:
        fresh.unlink(missing_ok=True)
    used = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return took, _children_cpu() - used


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(runs: int = 3) -> None:
    compileall.compile_dir(ROOT / "pilot", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        timed(["-m", "pilot", "demo", "--db", str(tmp / "demo.db")])
        cases = commands(tmp)
        best = {name: (float("inf"), float("inf")) for name in ["import pandas", *cases]}
        for _ in range(runs):
            for name, args in {"import pandas": ["-c", "import pandas"], **cases}.items():
                fresh = tmp / "created.db" if name == "create" else None
                args = args if name == "import pandas" else ["-m", "pilot", *args]
                best[name] = tuple(map(min, best[name], timed(args, fresh)))
    bare, bare_cpu = best.pop("import pandas")
    print(f'python -c "import pandas": {bare:.3f} s, CPU {bare_cpu:.3f} s (best of {runs})')
    worst = 0.0
    for name, (took, used) in best.items():
        worst = max(worst, took / bare)
        print(f"python -m pilot {name:<13} {took:.3f} s  {took / bare:.2f}x   CPU {used / bare_cpu:.2f}x")
    verdict = "met" if worst <= TARGET else "NOT met"
    print(f"target within {TARGET}x of import pandas: {verdict} (worst {worst:.2f}x); ", end="")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
