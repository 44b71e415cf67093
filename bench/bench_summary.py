"""Summary export on the large pilot (DESIGN section 6), in CPU seconds (issue 14).

First format: build the summary from the database and render it with nothing drawn yet, as a fresh
`python -m pilot summary` does (the first chart also pays vl-convert's start-up): under 5 s. Second
format: another format of the same summary, its charts reused from the first (as the Go / no-go
page's downloads do): under 0.3 s, and printed as a ratio of the first. CPU seconds of this process,
vl-convert's threads included: on a shared machine, wall-clock time also counts the other jobs.

    python bench/bench_summary.py [DB] [PEOPLE]   # DB: a large pilot made by bench/synth.py ("-": make one)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import PEOPLE, SLUG, make_large_pilot  # noqa: E402
from pilot import export, store  # noqa: E402
from pilot.report import images, render  # noqa: E402
from pilot.report import summary as report  # noqa: E402
from pilot.setup.pilots import get_pilot  # noqa: E402

FIRST, SECOND = 5.0, 0.3


def cpu(func, *args):
    """The result, and the CPU seconds this process spent on it (its threads included)."""
    start = time.process_time()
    result = func(*args)
    return result, time.process_time() - start


def main(db_path: Path) -> None:
    db = store.connect(db_path)
    pilot = get_pilot(db, SLUG)
    summary, build = cpu(report.build, db, pilot)
    people = summary.group["participants"]
    print(f"pilot: {people:,} participants, {len(summary.group['departments'])} departments, ", end="")
    print(f"{len(summary.metrics)} weeks, {summary.benefits['count']:,} benefits; build: CPU {build:.2f} s")
    firsts, seconds = {}, {}
    for fmt in render.FORMATS:
        images._svg.cache_clear()  # nothing drawn yet
        images._png.cache_clear()
        (drawn, data), firsts[fmt] = cpu(lambda f=fmt: _build_and_render(db, pilot, f))
        print(f"{fmt:>4} first: CPU {firsts[fmt]:.2f} s, {len(data) / 1024:,.0f} KB")
    render.render(drawn, "pdf")  # draws the charts of the last summary built (untimed)
    for fmt in render.FORMATS:
        _, seconds[fmt] = cpu(render.render, drawn, fmt)
        ratio = seconds[fmt] / firsts[fmt]
        print(f"{fmt:>4} as a second format: CPU {seconds[fmt]:.2f} s ({ratio:.2f}x its first)")
    data, zipped = cpu(export.export_zip, db, pilot)
    print(f" zip: CPU {zipped:.2f} s, every table as CSV + pilot.toml, {len(data) / 2**20:.1f} MB")
    worst_first, worst_second = max(firsts.values()), max(seconds.values())
    met = worst_first < FIRST and worst_second < SECOND
    print(
        f"target first format under {FIRST:g} s, a second format under {SECOND:g} s (CPU): "
        f"{'met' if met else 'NOT met'} (worst {worst_first:.2f} s and {worst_second:.2f} s, "
        f"{worst_second / worst_first:.2f}x); load average {os.getloadavg()[0]:.1f}"
    )


def _build_and_render(db, pilot, fmt: str) -> tuple[report.Summary, bytes]:
    summary = report.build(db, pilot)
    return summary, render.render(summary, fmt)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] != "-":
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "large.db"
            _, made = cpu(make_large_pilot, path, 7, int(sys.argv[2]) if len(sys.argv) > 2 else PEOPLE)
            print(f"made the large pilot in CPU {made:.1f} s")
            main(path)
