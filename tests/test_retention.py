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


def test_a_purged_pilot_still_gives_its_figures_and_summary(demo_db, db_path, tmp_path, capsys):
    """The kept summary is what the commands and the Go / no-go page read once the people are gone."""
    metrics = ("metrics", "--db", str(db_path), "--pilot", "demo")
    before = {fmt: run_cli(capsys, *metrics, "--format", fmt)[1] for fmt in ("csv", "json")}
    md = ("summary", "--db", str(db_path), "--pilot", "demo", "--format", "md")
    verdict = run_cli(capsys, *md)[1].split("## Recommendation: ")[1].split("\n")[0]
    demo_db.execute("UPDATE pilots SET personal_data_until = '2026-11-29'")
    assert run_cli(capsys, "purge", "--db", str(db_path), "--yes")[0] == 0
    assert {fmt: run_cli(capsys, *metrics, "--format", fmt)[1] for fmt in ("csv", "json")} == before
    code, out, err = run_cli(capsys, *md)
    assert (code, err) == (0, "") and f"## Recommendation: {verdict}" in out
    assert "@example.com" not in out.replace("\u2060", "") and "Kira Garcia" not in out  # as read
    code, out, err = run_cli(capsys, *md[:-1], "html", "--out", str(tmp_path / "kept.html"))
    assert code == 0 and "the summary kept when its personal data was removed on" in out
    assert (tmp_path / "kept.html").read_text().startswith("<!DOCTYPE html>")
    for refused, words in [
        (("--format", "pdf", "--out", str(tmp_path / "x.pdf")), "as Markdown, HTML and JSON"),
        (("--format", "md", "--week", "2026-09-16"), "as of its latest week only"),
    ]:
        code, _, err = run_cli(capsys, *md[:-2], *refused)
        assert code == 2 and words in err, err
    code, _, err = run_cli(capsys, *metrics, "--by", "department")
    assert code == 2 and "its figures by department too" in err
    digest = ("digest", "--db", str(db_path), "--pilot", "demo", "--to", "ceo@example.com")
    code, _, err = run_cli(capsys, *digest, "--eml", str(tmp_path / "d.eml"))
    assert code == 2 and "no more digests" in err and not (tmp_path / "d.eml").exists()


def test_the_kept_summary_s_pseudonyms_do_not_name_a_small_department(demo_db):
    """A 2-person department's stand-ins are "Participant 17 (Other (fewer than 5 each))", as viewers
    see them, so the summary kept for everyone names no group under k."""
    people = ("mona.okafor@example.com", "ben.meyer2@example.com")
    demo_db.execute(f"UPDATE participants SET department = 'Patents' WHERE email IN {people!r}")
    [mona] = [r[0] for r in demo_db.execute("SELECT id FROM participants WHERE email = ?", [people[0]])]
    demo_db.execute("UPDATE concerns SET raised_by = 'Mona Okafor' WHERE id = (SELECT min(id) FROM concerns)")
    demo_db.execute("UPDATE pilots SET personal_data_until = '2026-11-29'")
    retention.purge(demo_db, get_pilot(demo_db, "demo"))
    pilot = get_pilot(demo_db, "demo")
    for fmt in retention.KEPT_FORMATS:
        kept = retention.kept_file(demo_db, pilot, fmt).decode()
        assert "Patents" not in kept and "Mona" not in kept, fmt
    assert (
        f"Participant {mona} (Other (fewer than 5 each))"
        in retention.kept_file(demo_db, pilot, "md").decode()
    )
