"""The throw-away exit: every table of a pilot as CSV plus its definition as TOML, in a folder or a zip.

`participants.csv`, `usage.csv`, `benefits.csv`, `training.csv` and `survey.csv` are in the
formats the `participants`, `import`, `benefits`, `training` and `survey` commands read, so
`create` + those rebuild an equal pilot; `import-pilot` reads every file back (pilot/reimport.py).
`write_csv` is the one CSV writer of the product: it neutralises cells a spreadsheet would run.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path

from pilot import store
from pilot.access import Actor
from pilot.core.csvfile import csv_bytes
from pilot.core.errors import PilotError
from pilot.setup.goals import list_goals
from pilot.setup.pilots import Pilot, get_pilot
from pilot.store import Database

# file name -> SQL over the pilot's tables (:pilot is its id). Emails are the keys the importers match.
TABLES: dict[str, str] = {
    "participants.csv": """
        SELECT p.name, p.email, p.department, p.audience,
               CASE WHEN p.email = pl.sponsor_email THEN 'true' ELSE 'false' END AS sponsor,
               CASE WHEN p.champion THEN 'true' ELSE 'false' END AS champion, p.joined, p.left
        FROM participants p JOIN pilots pl ON pl.id = p.pilot_id
        WHERE p.pilot_id = :pilot ORDER BY p.id""",
    "usage.csv": """
        SELECT u.week, p.email, u.channel, u.posts, u.reads
        FROM usage u JOIN participants p ON p.id = u.participant_id
        WHERE u.pilot_id = :pilot ORDER BY u.week, u.channel, p.email""",
    "benefits.csv": """
        SELECT b.date, b.email, b.category, b.description, b.quantity, b.unit, g.metric AS goal,
               b.departments
        FROM benefits b LEFT JOIN goals g ON g.id = b.goal_id AND g.deleted_at IS NULL
        WHERE b.pilot_id = :pilot AND b.deleted_at IS NULL ORDER BY b.date, b.id""",
    "replaced_counts.csv": """
        SELECT week, count FROM replaced_counts WHERE pilot_id = :pilot ORDER BY week""",
    "manual_kpis.csv": """
        SELECT name, week, value FROM manual_kpis WHERE pilot_id = :pilot ORDER BY name, week""",
    "wins.csv": "SELECT date, email, description FROM wins WHERE pilot_id = :pilot ORDER BY date, id",
    "concerns.csv": """
        SELECT raised, raised_by, description, status, handling FROM concerns
        WHERE pilot_id = :pilot ORDER BY raised, id""",
    # one attendee a row, read by `training`; a session nobody came to is one row without an email
    "training.csv": """
        SELECT s.date, s.kind, s.topic, s.host, COALESCE(p.email, '') AS email
        FROM training_sessions s LEFT JOIN training_attendees a ON a.session_id = s.id
        LEFT JOIN participants p ON p.id = a.participant_id
        WHERE s.pilot_id = :pilot ORDER BY s.date, s.kind, s.topic, s.host, p.email""",
    # done_by: who the owner marked as having done it, emails separated by "; "
    "prompts.csv": """
        SELECT pr.week, pr.text, pr.audience, pr.department,
               CASE WHEN pr.from_data THEN 'true' ELSE 'false' END AS from_data,
               COALESCE((SELECT group_concat(email, '; ') FROM (
                   SELECT p.email FROM prompt_done d JOIN participants p ON p.id = d.participant_id
                   WHERE d.prompt_id = pr.id ORDER BY p.email)), '') AS done_by
        FROM prompts pr WHERE pr.pilot_id = :pilot ORDER BY pr.week, pr.id""",
    "follow_ups.csv": """
        SELECT f.date, p.email, f.note FROM follow_ups f JOIN participants p ON p.id = f.participant_id
        WHERE f.pilot_id = :pilot ORDER BY f.date, f.id""",
    "survey.csv": """
        SELECT a.week, p.email, a.question, a.score
        FROM survey_answers a JOIN participants p ON p.id = a.participant_id
        WHERE a.pilot_id = :pilot ORDER BY a.week, a.question, p.email""",
    "recognition.csv": """
        SELECT (SELECT group_concat(value, '; ') FROM json_each(kinds)) AS badges, leaderboard
        FROM recognition WHERE pilot_id = :pilot""",
    "decisions.csv": """
        SELECT decision, reason, decided_by, decided_role, decided_at FROM decisions
        WHERE pilot_id = :pilot ORDER BY decided_at, id""",
    "imports.csv": """
        SELECT id, kind, file_name, format, week, channel, rows_read, rows_matched, rows_dropped,
               missing, imported_at, imported_by, undone_at
        FROM imports WHERE pilot_id = :pilot ORDER BY id""",
}


def export_files(db: Database, pilot: Pilot) -> dict[str, bytes]:
    """Every file of the export: file name -> content. An owner's: it holds everyone's emails."""
    store.require_writer(db, pilot.id)
    files = {"pilot.toml": pilot_toml(db, pilot).encode("utf-8")}
    for name, sql in TABLES.items():
        files[name] = csv_bytes(store.frame(db, sql, {"pilot": pilot.id}))
    return files


def export_folder(db: Database, pilot: Pilot, out: str | Path) -> list[Path]:
    """Write the export into the folder `out` (created if need be); returns the files written."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, data in export_files(db, pilot).items():
            path = folder / name
            path.write_bytes(data)
            written.append(path)
    except OSError as e:
        raise PilotError(f"Cannot write the export into {folder}: {e.strerror}") from e
    return written


def export_to(db: Database, pilot: Pilot, out: str | Path) -> list[Path]:
    """Write the export to `out`: one zip file when its name ends in .zip (what `import-pilot`
    reads back), else a folder of files; returns what was written."""
    out = Path(out)
    if out.suffix.lower() != ".zip":
        return export_folder(db, pilot, out)
    try:
        out.write_bytes(export_zip(db, pilot))
    except OSError as e:
        raise PilotError(f"Cannot write the export {out}: {e.strerror}") from e
    return [out]


def export_zip(db: Database, pilot: Pilot) -> bytes:
    """The export as one zip file (for the page's download button)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in export_files(db, pilot).items():
            archive.writestr(f"{pilot.slug}/{name}", data)
    return buffer.getvalue()


def zip_file(path: str | Path, slug: str, actor: Actor) -> bytes:
    """The export zip of the pilot `slug` in the database at `path`, over a connection of its own
    (acting as `actor`): the page builds it only when the download is clicked, on another thread."""
    db = store.connect(path, actor=actor)
    try:
        return export_zip(db, get_pilot(db, slug))
    finally:
        db.close()


def pilot_toml(db: Database, pilot: Pilot) -> str:
    """The pilot definition in the DESIGN section 7 format, goals and checklist included."""
    lines = [
        f"name = {_s(pilot.name)}",
        f"purpose = {_s(pilot.purpose)}",
        f"start = {pilot.start.isoformat()}",
        f"end = {pilot.end.isoformat()}",
        "",
        "[tool]",
        f"name = {_s(pilot.tool_name)}",
        f"kind = {_s(pilot.tool_kind)}",
        "",
        "[replaced]",
        f"name = {_s(pilot.replaced_name)}",
        f"kind = {_s(pilot.replaced_kind)}",
        f"rule = {_s(pilot.replaced_rule)}",
        "",
        "[sponsor]",
        f"email = {_s(pilot.sponsor_email)}",
        "",
        "[budget]",
        f"cap = {_n(pilot.budget_cap)}",
        f"spent = {_n(pilot.budget_spent)}",
        f"currency = {_s(pilot.currency)}",
    ]
    if pilot.hourly_cost is not None:
        lines.append(f"hourly_cost = {_n(pilot.hourly_cost)}")
    if pilot.organisation_size is not None:
        lines.append(f"organisation_size = {pilot.organisation_size}")
    privacy = [f"small_group = {pilot.small_group}"] if pilot.small_group != 5 else []
    privacy += ["pseudonyms = true"] if pilot.pseudonyms else []
    if pilot.personal_data_until:
        privacy.append(f"personal_data_until = {pilot.personal_data_until.isoformat()}")
    lines += ["", "[privacy]", *privacy] if privacy else []
    for key, item in pilot.checklist.items():
        lines += ["", f"[checklist.{key}]", f"done = {str(bool(item.get('done'))).lower()}"]
        lines.append(f"note = {_s(str(item.get('note', '')))}")
    for goal in list_goals(db, pilot.id):
        lines += ["", "[[goals]]", f"metric = {_s(goal.metric)}", f"{goal.comparison} = {_n(goal.target)}"]
        if goal.due_week is not None:
            lines.append(f"due_week = {goal.due_week}")
        lines.append(f"must = {str(goal.must).lower()}")
        if goal.audience is not None:
            lines.append(f"audience = {_s(goal.audience)}")
    return "\n".join(lines) + "\n"


def _s(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, except DEL, which TOML wants escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _n(number: float) -> str:
    """A TOML number: whole numbers without a decimal point, others as Python writes them."""
    if math.isfinite(number) and number == int(number):
        return str(int(number))
    return repr(float(number))
