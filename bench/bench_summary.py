"""Summary export on the large pilot (DESIGN section 6): target under 5 seconds for each format.

Each format is timed end to end as the CLI and the page's download do it: build the summary
from the database (metrics, goal statuses, benefits...), then render; cold, as in a fresh
`python -m pilot summary` (the first chart drawn pays vl-convert's start-up). The build is also timed
alone, and so is the data export (every table as CSV + pilot.toml, zipped).

    python bench/bench_summary.py [DB]     # DB: reuse a large pilot already made by bench/synth.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import SLUG, make_large_pilot  # noqa: E402
from pilot import export, store  # noqa: E402
from pilot.report import render  # noqa: E402
from pilot.report import summary as report  # noqa: E402
from pilot.setup.pilots import get_pilot  # noqa: E402

TARGET = 5.0


def timed(func, *args):
    """The result, and the wall-clock seconds it took."""
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def cpu(func, *args):
    """The result, and the CPU seconds this process spent on it (vl-convert's threads included):
    on a shared machine, wall-clock time also counts the other jobs."""
    start = time.process_time()
    result = func(*args)
    return result, time.process_time() - start


def main(db_path: Path) -> None:
    db = store.connect(db_path)
    pilot = get_pilot(db, SLUG)
    summary, build = timed(report.build, db, pilot)
    people = summary.group["participants"]
    print(f"large pilot: {people:,} participants, {len(summary.group['departments'])} departments, ", end="")
    print(f"{len(summary.metrics)} weeks, {summary.benefits['count']:,} benefits")
    print(f"build the summary: {build:.2f} s")
    worst = 0.0
    for fmt in render.FORMATS:
        ((data, drawing), total), used = cpu(
            timed, lambda f=fmt: timed(render.render, report.build(db, pilot), f)
        )
        worst = max(worst, total)
        print(
            f"{fmt:>4}: {total:.2f} s (render {drawing:.2f} s; CPU {used:.2f} s), {len(data) / 1024:,.0f} KB"
        )
    data, zipped = timed(export.export_zip, db, pilot)
    print(f" zip: {zipped:.2f} s, every table as CSV + pilot.toml, {len(data) / 2**20:.1f} MB")
    print(f"target under {TARGET:g} s for each format: {'met' if worst < TARGET else 'NOT met'}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "large.db"
            _, made = timed(make_large_pilot, path)
            print(f"made the large pilot in {made:.1f} s")
            main(path)
