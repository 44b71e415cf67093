"""`python -m pilot metrics` on the large pilot (DESIGN section 6) against a bare pandas process (issue 14).

The bare process reads the same usage rows (with each participant's department) and groups them by
week and department: the least any metrics command must do. `metrics --by audience` (the playbook's
By audience view, issue 13) is held to the same bare process. All are whole processes, best of
RUNS, interleaved in the same run. Target: within 1.5x.

    python bench/bench_metrics.py [RUNS] [PEOPLE]   # PEOPLE: a smaller pilot (the tests use 50)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synth import PEOPLE, make_large_pilot  # noqa: E402
from bench.timing import whole_process  # noqa: E402

TARGET = 1.5
BARE = """
import sqlite3, sys
import pandas as pd
db = sqlite3.connect(sys.argv[1])
rows = pd.read_sql_query(
    "SELECT u.week, p.department, u.channel, u.posts, u.reads FROM usage u"
    " JOIN participants p ON p.id = u.participant_id", db)
print(rows.groupby(["week", "department", "channel"])[["posts", "reads"]].sum().shape)
"""


def main(runs: int = 3, people: int = PEOPLE) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "large.db"
        slug = make_large_pilot(db, people=people)
        cases = {
            "bare pandas (read usage, group by week and department)": ["-c", BARE, str(db)],
            "python -m pilot metrics": ["-m", "pilot", "metrics", "--db", str(db), "--pilot", slug],
            "python -m pilot metrics --by audience": [
                "-m", "pilot", "metrics", "--db", str(db), "--pilot", slug, "--by", "audience"
            ],
        }
        best = {name: (float("inf"), float("inf")) for name in cases}
        for _ in range(runs):
            for name, args in cases.items():
                best[name] = tuple(map(min, best[name], whole_process(args)))
    (bare, bare_cpu), *ours = best.values()
    for name, (took, used) in best.items():
        print(f"{name}: {took:.3f} s, CPU {used:.3f} s (best of {runs})")
    for name, (took, used) in zip(list(cases)[1:], ours, strict=True):
        ratio = took / bare
        print(
            f"{name.removeprefix('python -m pilot ')} / bare = {ratio:.2f}x (CPU {used / bare_cpu:.2f}x); "
            f"target within {TARGET}x: {'met' if ratio <= TARGET else 'NOT met'}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
