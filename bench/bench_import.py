"""Import of a tenant-wide weekly report (DESIGN section 6): 100,000 rows against a sample group of 5,000.

Whole processes, in one run (issue 14): `python -m pilot import` of the report (a first import into a
fresh copy of the database each time), against `python -c "import pandas; pandas.read_csv(FILE)"`,
best of RUNS each, interleaved. Target: within 1.5x. Then, in this process, the steps of one import
(read, preview, store, a re-import that replaces the week) and its peak memory (tracemalloc):
under 100 MB.

    python bench/bench_import.py [ROWS] [GROUP] [RUNS]
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import whole_process  # noqa: E402
from pilot import store  # noqa: E402
from pilot.intake import usage  # noqa: E402
from pilot.intake.importers import read_report  # noqa: E402
from pilot.setup.pilots import Pilot, save_pilot  # noqa: E402

TARGET, MEMORY = 1.5, 100
NAME = "VivaEngageActivityUserDetail_20261122.csv"

HEADER = (
    "Report Refresh Date,User Principal Name,Display Name,User State,State Change Date,"
    "Last Activity Date,Posted Count,Read Count,Liked Count,Assigned Products,Report Period"
)


def tenant_report(rows: int, seed: int = 11) -> bytes:
    """A Viva Engage activity user detail report for `rows` people, as the admin center exports it."""
    rng = np.random.default_rng(seed)
    people = np.arange(rows)
    frame = pd.DataFrame(
        {
            "Report Refresh Date": "2026-11-22",
            "User Principal Name": [f"person{i}@example.com" for i in people],
            "Display Name": [f"Person {i}" for i in people],
            "User State": "Activated",
            "State Change Date": "",
            "Last Activity Date": "2026-11-20",
            "Posted Count": rng.poisson(1.5, rows),
            "Read Count": rng.poisson(8, rows),
            "Liked Count": rng.poisson(2, rows),
            "Assigned Products": "MICROSOFT 365 E3",
            "Report Period": 7,
        }
    )
    assert ",".join(frame.columns) == HEADER
    return b"\xef\xbb\xbf" + frame.to_csv(index=False).encode()


def make_group(db_path: Path, group: int) -> Pilot:
    db = store.connect(db_path)
    pilot = save_pilot(
        db, Pilot("Tenant bench", dt.date(2026, 9, 7), dt.date(2026, 12, 20), tool_name="Viva Engage")
    )
    people = [
        {"pilot_id": pilot.id, "name": f"Person {i}", "email": f"person{i}@example.com"}
        | {"department": f"Dept {i % 30}", "audience": "practitioner"}
        for i in range(0, group * 20, 20)
    ]
    with store.transaction(db, None):
        db.table("participants").insert_all(people, batch_size=1000)
    db.close()
    return pilot


def timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def process(args: list[str], fresh: tuple[Path, Path] | None = None) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one whole process (after copying fresh[0] over fresh[1]: a first
    import). CPU, which a busy machine moves less, is printed beside."""
    if fresh:
        shutil.copy(*fresh)
    return whole_process(args)


def import_once(db, pilot: Pilot, data: bytes) -> tuple[dict[str, float], usage.ImportPreview]:
    report, read = timed(read_report, data, NAME)
    preview, match = timed(usage.preview_import, db, pilot, report)
    _, stored = timed(usage.store_import, db, preview)
    return {"read": read, "preview": match, "store": stored, "total": read + match + stored}, preview


def main(rows: int = 100_000, group: int = 5_000, runs: int = 3) -> None:
    data = tenant_report(rows)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        empty, path, csv_path = tmp / "group.db", tmp / "bench.db", tmp / NAME
        pilot = make_group(empty, group)
        csv_path.write_bytes(data)
        cli = ["-m", "pilot", "import", "--db", str(path), "--pilot", pilot.slug, str(csv_path)]
        bare = ours = (float("inf"), float("inf"))
        read_csv = ["-c", f"import pandas; pandas.read_csv({str(csv_path)!r})"]
        for _ in range(runs):
            bare = tuple(map(min, bare, process(read_csv)))
            ours = tuple(map(min, ours, process(cli, (empty, path))))
        shutil.copy(empty, path)
        db = store.connect(path)
        first, preview = import_once(db, pilot, data)
        again, _ = import_once(db, pilot, data)
        tracemalloc.start()
        import_once(db, pilot, data)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        stored = db.execute("SELECT count(*) FROM usage").fetchone()[0]
        db.close()
    print(f"report: {rows:,} rows, {len(data) / 2**20:.1f} MB; sample group: {group:,}")
    print(f"matched {preview.rows_matched:,}, dropped {preview.rows_dropped:,}, stored rows {stored:,}")
    print(
        f"whole processes, best of {runs}: python -m pilot import {ours[0]:.2f} s (CPU {ours[1]:.2f} s), "
        f"bare read_csv {bare[0]:.2f} s (CPU {bare[1]:.2f} s); CPU ratio {ours[1] / bare[1]:.2f}x"
    )
    for name, t in (("in process, first import", first), ("re-import (replaces the week)", again)):
        parts = ", ".join(f"{k} {v:.3f} s" for k, v in t.items() if k != "total")
        print(f"{name}: {t['total']:.3f} s ({parts})")
    print(f"peak memory of one import (tracemalloc): {peak:.0f} MB (target under {MEMORY} MB)")
    met = ours[0] / bare[0] <= TARGET and peak < MEMORY
    print(
        f"target import within {TARGET}x of a bare read_csv process: {ours[0] / bare[0]:.2f}x; "
        f"{'met' if met else 'NOT met'}; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
