"""Import of a tenant-wide weekly report (DESIGN section 6): 100,000 rows against a sample group of 5,000.

Times read + preview (match) + store, a re-import of the same week (which replaces it),
the peak memory of one import (tracemalloc), and the ratio to a bare `pandas.read_csv`
of the same file. Target: under 2 seconds.

    python bench/bench_import.py [ROWS] [GROUP]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pilot import store  # noqa: E402
from pilot.intake import usage
from pilot.intake.importers import read_report  # noqa: E402
from pilot.setup.pilots import Pilot, save_pilot  # noqa: E402

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
    with store.transaction(db):
        db.table("participants").insert_all(people, batch_size=1000)
    db.close()
    return pilot


def timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def import_once(db, pilot: Pilot, data: bytes) -> tuple[dict[str, float], usage.ImportPreview]:
    report, read = timed(read_report, data, "VivaEngageActivityUserDetail_20261122.csv")
    preview, match = timed(usage.preview_import, db, pilot, report)
    _, stored = timed(usage.store_import, db, preview)
    return {"read": read, "preview": match, "store": stored, "total": read + match + stored}, preview


def main(rows: int = 100_000, group: int = 5_000) -> None:
    data = tenant_report(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        pilot = make_group(path, group)
        csv_path = Path(tmp) / "report.csv"
        csv_path.write_bytes(data)
        bare = min(timed(pd.read_csv, csv_path)[1] for _ in range(3))  # best of three
        db = store.connect(path)
        first, preview = import_once(db, pilot, data)
        again, _ = import_once(db, pilot, data)
        tracemalloc.start()
        import_once(db, pilot, data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        stored = db.execute("SELECT count(*) FROM usage").fetchone()[0]
        db.close()
    print(f"report: {rows:,} rows, {len(data) / 2**20:.1f} MB; sample group: {group:,}")
    print(f"matched {preview.rows_matched:,}, dropped {preview.rows_dropped:,}, stored rows {stored:,}")
    for name, t in (("first import", first), ("re-import (replaces the week)", again)):
        parts = ", ".join(f"{k} {v:.2f} s" for k, v in t.items() if k != "total")
        print(f"{name}: {t['total']:.2f} s ({parts})")
    print(
        f"bare pandas.read_csv: {bare:.2f} s; first import / read_csv = {first['total'] / bare:.1f}x "
        f"(its read step alone {first['read'] / bare:.1f}x)"
    )
    print(f"peak memory of one import (tracemalloc): {peak / 2**20:.0f} MB")
    print(f"target under 2 s: {'met' if max(first['total'], again['total']) < 2 else 'NOT met'}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
