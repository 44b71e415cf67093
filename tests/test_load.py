"""Load and crash (issue 11): the transaction layer under many writers and under SIGKILL.

Both are marked `slow` and run in ./test.sh (PILOT_LOAD_SECONDS shortens the load test, e.g. on a
small CI machine); `pytest -m "not slow"` leaves them out while working.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pilot import demo, store
from pilot.core.weeks import monday
from pilot.intake import entries, history, usage
from pilot.results import metrics
from pilot.setup import participants
from pilot.setup.pilots import get_pilot
from pilot.stories import benefits
from pilot.stories.benefits import Benefit

from .conftest import DEMO_DIR, ROOT

pytestmark = pytest.mark.slow
SECONDS = float(os.environ.get("PILOT_LOAD_SECONDS", "20"))
WRITERS, READERS = 16, 2


def _writer(path: str, n: int, start, results) -> None:
    """Writer n owns one week: it imports it again and again (every participant's tool posts = k),
    enters one person's replaced-channel week by hand, and records benefits, for SECONDS."""
    start.wait()
    db = store.connect(path)
    pilot = get_pilot(db, "demo")
    people = participants.list_participants(db, pilot.id)["email"].tolist()
    week = (monday(pilot.start) + dt.timedelta(weeks=n - 4)).isoformat()
    done: dict[str, list] = {"imports": [], "benefits": [], "entries": [], "errors": []}
    end, k = time.monotonic() + SECONDS, 0
    while time.monotonic() < end:
        k += 1
        try:
            if k % 3 == 0:
                rows = "".join(f"{week},{email},tool,{k},{n}\n" for email in people)
                data = ("week,email,channel,posts,reads\n" + rows).encode()
                usage.import_file(db, pilot, data, file_name=f"load-{n}-{k}.csv")
                done["imports"].append(k)
            elif k % 3 == 1:
                story = Benefit(date=pilot.start.isoformat(), category="idea", description=f"load {n} {k}")
                benefits.record_benefit(db, pilot, story)
                done["benefits"].append(story.description)
            else:
                entries.enter_usage(db, pilot, people[n], week, "replaced", k, n)
                done["entries"].append(k)
        except Exception as e:  # noqa: BLE001 (every error is a failure the test reports)
            done["errors"].append(repr(e))
    results.put((n, week, people[n], done))


def _reader(path: str, start, results) -> None:
    start.wait()
    db = store.connect(path)
    pilot_id, errors, runs = get_pilot(db, "demo").id, [], 0
    end = time.monotonic() + SECONDS
    while time.monotonic() < end:
        try:
            metrics.weekly(db, pilot_id)
            runs += 1
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))
    results.put(("reader", runs, None, {"errors": errors}))


def test_16_writers_and_2_readers_lose_nothing(tmp_path: Path):
    path = str(tmp_path / "load.db")
    demo.load(store.connect(path))
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(WRITERS + READERS), context.Queue()
    workers = [context.Process(target=_writer, args=(path, n, start, results)) for n in range(WRITERS)]
    workers += [context.Process(target=_reader, args=(path, start, results)) for _ in range(READERS)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=SECONDS + 600) for _ in workers]
    for worker in workers:
        worker.join()
    assert [o[3]["errors"] for o in outcomes] == [[]] * len(workers)
    assert all(o[1] > 0 for o in outcomes if o[0] == "reader")
    db = store.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = set(benefits.list_benefits(db, get_pilot(db, "demo").id)["description"])
    sql = "SELECT DISTINCT posts FROM usage WHERE week = ? AND channel = ?"
    for n, week, email, done in (o for o in outcomes if o[0] != "reader"):
        assert set(done["benefits"]) <= stored
        names = db.execute("SELECT count(*) FROM imports WHERE file_name LIKE ?", [f"load-{n}-%"]).fetchone()[
            0
        ]
        assert names == len(done["imports"])
        if done["imports"]:  # the week holds exactly the last import: every participant's posts = its k
            assert db.execute(sql, [week, "tool"]).fetchall() == [(done["imports"][-1],)]
        if done["entries"]:
            entered = "SELECT u.posts FROM usage u JOIN participants p ON p.id = u.participant_id "
            entered += "WHERE u.week = ? AND u.channel = 'replaced' AND p.email = ?"
            assert db.execute(entered, [week, email]).fetchall() == [(done["entries"][-1],)]


WEEK = "2026-10-19"  # the week of the demo's VivaEngageActivityUserDetail_20261025.csv
UNDO = "from pilot import store; from pilot.intake import history; "


def _big_report(path: Path, bump: int) -> None:
    """The demo's Viva Engage report with every participant's posts + `bump`, plus 100,000 rows of
    people outside the sample group (a tenant-wide export)."""
    lines = (
        (DEMO_DIR / "exports" / "VivaEngageActivityUserDetail_20261025.csv")
        .read_text("utf-8-sig")
        .splitlines()
    )
    header, rows = lines[0], lines[1:]
    posted = header.split(",").index("Posted Count")
    changed = []
    for row in rows:
        fields = row.split(",")
        fields[posted] = str(int(fields[posted] or 0) + bump)
        changed.append(",".join(fields))
    template = rows[0].split(",")
    others = []
    for i in range(100_000 - len(rows)):
        template[1] = f"someone.{i}@elsewhere.example"
        others.append(",".join(template))
    path.write_text("\n".join([header, *changed, *others]) + "\n", encoding="utf-8")


def _week(db_path: str) -> tuple:
    db = store.connect(db_path)
    try:
        rows = db.execute(
            "SELECT participant_id, posts, reads FROM usage WHERE week = ? AND channel = 'tool' ORDER BY 1",
            [WEEK],
        ).fetchall()
        live = db.execute(
            "SELECT max(id) FROM imports WHERE week = ? AND channel = 'tool' AND undone_at IS NULL", [WEEK]
        ).fetchone()[0]
        tagged = db.execute(
            "SELECT DISTINCT import_id FROM usage WHERE week = ? AND channel = 'tool'", [WEEK]
        ).fetchall()
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert tagged == [(live,)]  # history consistent: the week's rows are its latest live import's
        return tuple(map(tuple, rows)), live
    finally:
        db.close()


def _killed(args: list[str], after: float) -> None:
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()


def test_sigkill_during_a_100k_row_import_and_its_undo_leaves_a_whole_week(tmp_path: Path):
    path = str(tmp_path / "crash.db")
    demo.load(store.connect(path))
    report = tmp_path / "VivaEngageActivityUserDetail_20261025.csv"
    _big_report(report, bump=5)
    importing = [sys.executable, "-m", "pilot", "import", "--db", path, "--pilot", "demo", str(report)]
    old, _ = _week(path)
    began = time.monotonic()
    _killed(importing, after=600)  # an uninterrupted run: its time is the span the kills fall in
    span = time.monotonic() - began
    new, new_id = _week(path)
    assert new != old
    began = time.monotonic()
    _killed(_undo(path, new_id), after=600)  # likewise for an undo
    undo_span = time.monotonic() - began
    assert _week(path)[0] == old
    rng = random.Random(11)
    for _ in range(10):  # imports killed: the week stays whole, old or new
        _killed(importing, after=rng.uniform(0.2, 1.0) * span)
        week, live = _week(path)
        assert week in (old, new)
        if week == new:
            history.undo_import(store.connect(path), live)
        assert _week(path)[0] == old
    interrupted = 0
    for _ in range(10):  # undos killed, each of a whole import: the week stays whole too
        db = store.connect(path)
        usage.import_file(db, get_pilot(db, "demo"), report)
        db.close()
        week, live = _week(path)
        assert week == new
        _killed(_undo(path, live), after=rng.uniform(0.1, 0.8) * undo_span)
        week, _ = _week(path)
        assert week in (old, new)
        if week == new:  # killed before its commit: undone now, whole
            interrupted += 1
            history.undo_import(store.connect(path), live)
        assert _week(path)[0] == old
    assert interrupted, "no undo was killed before its commit: the kills came too late to test anything"


def _undo(path: str, import_id: int) -> list[str]:
    return [sys.executable, "-c", UNDO + f"history.undo_import(store.connect({path!r}), {import_id})"]
