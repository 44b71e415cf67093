"""The large pilot of DESIGN section 6, generated from a seed and written straight into a database.

5,000 participants in 30 departments, 26 pilot weeks plus 2 baseline weeks, both channels
(about 270,000 usage rows), 1,000 benefits. A bench fixture, so it bulk-inserts in one transaction
instead of reading files through the importers (usage still goes through its one writer,
`usage.store_rows`).

    python bench/synth.py /tmp/large.db     # prints the slug
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pilot import store  # noqa: E402
from pilot.core.catalog import AUDIENCES, BENEFIT_CATEGORIES  # noqa: E402
from pilot.intake import usage  # noqa: E402
from pilot.setup.goals import Goal  # noqa: E402
from pilot.setup.pilots import Pilot, save_pilot  # noqa: E402

SLUG = "large"
PEOPLE, DEPARTMENTS, WEEKS, BASELINE, BENEFITS = 5000, 30, 26, 2, 1000
START = dt.date(2026, 1, 5)  # a Monday


def make_large_pilot(db_path: str | Path, seed: int = 7, people: int = PEOPLE) -> str:
    """Write the large pilot into the database at `db_path` (created if need be); return its slug.
    `people` makes it smaller, for the tests that check the benchmarks still run."""
    rng = np.random.default_rng(seed)
    db = store.connect(db_path)
    try:
        pilot = save_pilot(db, _pilot(), _goals())
        with store.transaction(db, pilot.id):
            ids = _participants(db, pilot.id, rng, people)
            _usage(db, pilot.id, ids, rng)
            _benefits(db, pilot.id, rng, people)
        return pilot.slug
    finally:
        db.close()


def _pilot() -> Pilot:
    return Pilot(
        name="Large pilot (bench)",
        slug=SLUG,
        purpose="Measure how the dashboard copes with a company-wide pilot",
        start=START,
        end=START + dt.timedelta(weeks=WEEKS, days=-1),
        tool_name="Viva Engage",
        tool_kind="enterprise social network",
        replaced_name="Broadcast email",
        replaced_kind="email",
        sponsor_email="person00001@example.com",
        hourly_cost=40.0,
        organisation_size=20000,
    )


def _goals() -> list[Goal]:
    return [
        Goal("active_rate", "at_least", 0.6, must=True),
        Goal("substitution", "at_least", 0.3, must=True),
        Goal("contributor_rate", "at_least", 0.3, due_week=20),
        Goal("sponsor_posts", "at_least", 2),
        Goal("benefits", "at_least", 800),
        Goal("benefits:hours", "at_least", 1500),
    ]


def _participants(db, pilot_id: int, rng: np.random.Generator, people: int) -> np.ndarray:
    """5,000 people; one in twenty joins in week 5, one in fifty leaves in week 20."""
    n = np.arange(1, people + 1)
    dept = rng.integers(1, DEPARTMENTS + 1, people)
    audience = rng.choice(AUDIENCES, people)
    joined = np.where(rng.random(people) < 0.05, (START + dt.timedelta(weeks=4)).isoformat(), None)
    left = np.where(rng.random(people) < 0.02, (START + dt.timedelta(weeks=19, days=2)).isoformat(), None)
    rows = [
        (
            pilot_id,
            f"Person {i:05d}",
            f"person{i:05d}@example.com",
            f"Department {d:02d}",
            str(a),
            int(i % 40 == 0),
            j,
            lf,
        )
        for i, d, a, j, lf in zip(n, dept, audience, joined, left, strict=True)
    ]
    rows[0] = (*rows[0][:5], 0, None, None)  # the sponsor is there all along
    db.conn.executemany(
        "INSERT INTO participants (pilot_id, name, email, department, audience, champion, joined, left)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return np.array(
        [r[0] for r in db.execute("SELECT id FROM participants WHERE pilot_id = ? ORDER BY id", [pilot_id])]
    )


def _usage(db, pilot_id: int, ids: np.ndarray, rng: np.random.Generator) -> None:
    """Adoption grows from 20% to 80% over the weeks while broadcast email falls by a third."""
    for k in range(-BASELINE, WEEKS):
        week = (START + dt.timedelta(weeks=k)).isoformat()
        progress = max(k, 0) / (WEEKS - 1)
        if k >= 0:
            active = rng.random(len(ids)) < 0.2 + 0.6 * progress
            posts = np.where(active, rng.poisson(1.5, len(ids)) * (rng.random(len(ids)) < 0.6), 0)
            reads = np.where(active, rng.poisson(8, len(ids)) + 1, 0)
            _insert(db, pilot_id, week, "tool", ids, posts, reads)
        sent = rng.poisson(6 * (1 - 0.35 * progress), len(ids))
        _insert(db, pilot_id, week, "replaced", ids, sent, rng.poisson(30, len(ids)))


def _insert(db, pilot_id: int, week: str, channel: str, ids, posts, reads) -> None:
    record = {"pilot_id": pilot_id, "kind": "file", "file_name": f"synth-{week}-{channel}.csv", "week": week}
    record |= {"channel": channel, "rows_read": len(ids), "rows_matched": len(ids)}
    usage.store_rows(db, record, zip(ids.tolist(), posts.tolist(), reads.tolist(), strict=True))


def _benefits(db, pilot_id: int, rng: np.random.Generator, people: int) -> None:
    goal_ids = [r[0] for r in db.execute("SELECT id FROM goals WHERE pilot_id = ?", [pilot_id])]
    days = rng.integers(0, WEEKS * 7, BENEFITS)
    authors = rng.integers(1, people + 1, BENEFITS)
    categories = rng.choice(BENEFIT_CATEGORIES, BENEFITS)
    rows = []
    for i in range(BENEFITS):
        hours = i % 3 == 0
        rows.append(
            (
                pilot_id,
                (START + dt.timedelta(days=int(days[i]))).isoformat(),
                f"person{authors[i]:05d}@example.com",
                str(categories[i]),
                f"Benefit story {i + 1}",
                float(rng.integers(1, 9)) if hours else None,
                "hours" if hours else "",
                goal_ids[i % len(goal_ids)] if i % 4 == 0 else None,
            )
        )
    db.conn.executemany(
        "INSERT INTO benefits (pilot_id, date, email, category, description, quantity, unit, goal_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


if __name__ == "__main__":
    print(make_large_pilot(sys.argv[1] if len(sys.argv) > 1 else "/tmp/large.db"))
