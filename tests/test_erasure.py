"""Erasure on request: every row about a person goes, stories stay anonymous, no byte of the email is left."""

from __future__ import annotations

from pathlib import Path

from pilot import backup, privacy, store
from pilot.intake import usage
from pilot.report import render, summary
from pilot.results import overview
from pilot.results.decision import record_override
from pilot.setup.pilots import get_pilot, sponsor_shown
from pilot.stories import benefits, concerns, wins

from .conftest import DEMO_DIR, connect_as, run_cli, snapshot, stored_usage

SPONSOR = "kira.garcia@example.com"
REPORT = DEMO_DIR / "exports" / "VivaEngageActivityUserDetail_20261122.csv"


def sponsor_everywhere(db):
    """The demo, with the sponsor missing from a report and named in every kind of free text."""
    pilot = get_pilot(db, "demo")
    lines = REPORT.read_bytes().splitlines(keepends=True)
    usage.import_file(db, pilot, b"".join(x for x in lines if SPONSOR.encode() not in x.lower()), REPORT.name)
    benefits.record_benefit(
        db, pilot, benefits.Benefit("2026-09-08", "idea", "Kira Garcia's idea saved a meeting", SPONSOR)
    )
    wins.record_win(db, pilot, wins.Win("2026-09-10", "Kira Garcia answered on the wiki", SPONSOR))
    concerns.record_concern(db, pilot, concerns.Concern("2026-09-11", "Too many channels", "Kira Garcia"))
    kira = connect_as(Path(store.path_of(db)), SPONSOR, "owner", pilot, name="Kira Garcia")  # she decides
    record_override(kira, pilot.id, "Go", "Kira (sponsor) agrees")
    kira.close()
    return pilot


def file_bytes(path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if not p.name.endswith("-key"))


def test_the_sponsor_missing_from_a_report_is_erased_to_the_last_byte(demo_db, db_path, capsys):
    pilot = sponsor_everywhere(demo_db)
    assert SPONSOR in demo_db.execute("SELECT missing FROM imports ORDER BY id DESC").fetchone()[0]
    assert SPONSOR.encode() in file_bytes(db_path)
    before_usage = len(stored_usage(demo_db, pilot.id))
    erase = ("erase", "--db", str(db_path), "--pilot", "demo", SPONSOR.upper())
    kept = snapshot(db_path)
    code, said, err = run_cli(capsys, *erase)  # without --yes: what would go, and nothing goes
    assert (code, err, snapshot(db_path)) == (0, "", kept)
    assert said.startswith("Would erase the sponsor:") and said.endswith("run again with --yes to erase\n")
    code, out, err = run_cli(capsys, *erase, "--yes")
    assert (code, err) == (0, ""), err
    assert out.startswith("Erased the sponsor:")
    assert out.split(":")[1] == said.split(":")[1]  # the preview's counts were exact
    assert "check: decision 1 (reason) mentions 'Kira'" in out  # a first name alone: the owner is told
    assert "check: pilot 1 (checklist) mentions 'Kira'" in out  # "Kira posts the weekly ... update"
    demo_db.close()
    raw = file_bytes(db_path)
    assert SPONSOR.encode() not in raw and b"Kira Garcia" not in raw
    db = store.connect(db_path)
    pilot = get_pilot(db, "demo")
    assert pilot.sponsor_email == "" and sponsor_shown(db, pilot) == "the sponsor, erased"
    assert overview.overview(db, pilot).sponsor == "the sponsor, erased"
    assert "the sponsor, erased" in render.render(summary.build(db, pilot), "md").decode("utf-8")
    assert len(stored_usage(db, pilot.id)) < before_usage
    assert db.execute("SELECT count(*) FROM participants WHERE email = ?", [SPONSOR]).fetchone()[0] == 0
    story = benefits.list_benefits(db, pilot.id).query("date == '2026-09-08' and category == 'idea'").iloc[0]
    assert story["description"] == "a participant in Customer Service's idea saved a meeting"
    assert story["email"] == "" and story["departments"] == "Customer Service"
    assert "a participant in Customer Service answered" in wins.manual_wins(db, pilot.id).to_string()
    stand_in = "a participant in Customer Service"
    assert stand_in in concerns.list_concerns(db, pilot.id)["raised_by"].tolist()
    assert db.execute("SELECT decided_by FROM decisions").fetchone()[0] == stand_in
    assert all(SPONSOR not in m for (m,) in db.execute("SELECT missing FROM imports"))
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    register = privacy.erasure_register(db)
    assert len(register) == 1 and SPONSOR not in str(register)
    assert db.execute("SELECT count(*) FROM users WHERE email = ?", [SPONSOR]).fetchone()[0] == 0
    assert "Kira Garcia" not in str(db.execute("SELECT who, changes FROM audit").fetchall())  # by id only


def test_an_older_backup_restored_erases_them_again(demo_db, db_path, tmp_path, capsys):
    sponsor_everywhere(demo_db)
    backup.backup(db_path, tmp_path / "before.db")
    erase = ("erase", "--db", str(db_path), "--pilot", "demo", "mona.okafor@example.com", "--yes")
    assert run_cli(capsys, *erase)[0] == 0
    code, _, err = run_cli(capsys, "restore", "--db", str(db_path), str(tmp_path / "before.db"))
    assert (code, err) == (0, "")
    demo_db.close()
    assert b"mona.okafor@example.com" not in file_bytes(db_path)
    db = store.connect(db_path)
    assert len(privacy.erasure_register(db)) == 1
    assert db.execute("SELECT count(*) FROM participants").fetchone()[0] == 59


def test_erasing_someone_not_in_the_pilot_is_refused(demo_db, db_path, capsys):
    code, _, err = run_cli(
        capsys, "erase", "--db", str(db_path), "--pilot", "demo", "nobody@example.com", "--yes"
    )
    assert code == 2 and "not a participant" in err
