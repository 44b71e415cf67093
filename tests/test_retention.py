"""Retention: after its date, a pilot keeps figures, goal statuses, decision and a pseudonymised summary."""

from __future__ import annotations

import json

from pilot import retention, store
from pilot.setup.pilots import get_pilot

from .conftest import run_cli


def test_purge_keeps_the_figures_and_removes_the_people(demo_db, db_path, capsys):
    pilot = get_pilot(demo_db, "demo")
    summary = ("summary", "--db", str(db_path), "--pilot", "demo", "--format", "json")
    before = json.loads(run_cli(capsys, *summary)[1])
    assert pilot.keep_until.isoformat() == "2027-02-20"  # 90 days after the end
    code, out, _ = run_cli(capsys, "purge", "--db", str(db_path))
    assert (code, out) == (0, "No pilot is past its date\n")
    code, _, err = run_cli(capsys, "purge", "--db", str(db_path), "--pilot", "demo", "--yes")
    assert code == 2 and "keeps its personal data until 2027-02-20" in err
    demo_db.execute("UPDATE pilots SET personal_data_until = '2026-11-29'")
    code, out, _ = run_cli(capsys, "purge", "--db", str(db_path))
    assert "demo: personal data kept until 2026-11-29, due now" in out and "--yes" in out
    code, out, err = run_cli(capsys, "purge", "--db", str(db_path), "--yes")
    assert (code, out, err) == (0, "demo: 60 participants removed\n", "")
    demo_db.close()
    raw = db_path.read_bytes() + db_path.with_name(db_path.name + "-wal").read_bytes()
    assert b"@example.com" not in raw and b"Kira Garcia" not in raw
    db = store.connect(db_path)
    pilot = get_pilot(db, "demo")
    assert pilot.purged_at and db.execute("SELECT count(*) FROM usage").fetchone()[0] == 0
    kept = retention.kept_summary(db, pilot)
    assert kept["metrics"] == before["metrics"] and kept["goals"] == before["goals"]
    assert kept["decision"] == before["decision"]
    assert "@example.com" not in json.dumps(kept)
    assert kept["pilot"]["sponsor_email"] == "Participant 1 (Customer Service)"
    assert "Participant " in json.dumps(kept["benefits"])  # who told the story, as a pseudonym
    code, _, err = run_cli(capsys, "purge", "--db", str(db_path), "--pilot", "demo", "--yes")
    assert code == 2 and "already removed" in err
