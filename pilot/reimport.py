"""The whole pilot back from its data zip (`python -m pilot import-pilot ZIP`): the reverse of export.

Everything the export writes comes back (the pilot TOML, participants, usage, group counts,
manual KPIs, benefits, wins, concerns, the playbook's training, prompts, follow-ups and pulse
survey, badges on or off, decisions) through the same readers and checks as
the commands that add each one, in one transaction: a bad file and nothing is stored. The
import history is not replayed: the usage comes back as one import per week and channel.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from pilot import store
from pilot.core.csvfile import read_rows
from pilot.core.errors import PilotError, ValidationError
from pilot.core.text import normalize_email
from pilot.intake import entries, kpis, usage
from pilot.intake.importers import read_report
from pilot.playbook import follow_ups, prompts, recognition, survey, training
from pilot.results.decision import record_override
from pilot.setup import participants
from pilot.setup.participants import ids_by_email
from pilot.setup.pilots import Pilot, definition_from_toml, save_pilot
from pilot.store import Database
from pilot.stories import benefits, concerns, wins

MAX_UNPACKED = 200 * 1024 * 1024  # bytes: a season of a 500-person pilot is a few MB


def read_zip(data: bytes) -> dict[str, bytes]:
    """The export's files by name (`pilot.toml`, `usage.csv`...), from the zip's one folder or its root."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
        if sum(m.file_size for m in members) > MAX_UNPACKED:
            raise PilotError(f"The zip unpacks to more than {MAX_UNPACKED // 2**20} MB: not a pilot export")
        files = {PurePosixPath(m.filename).name: archive.read(m) for m in members}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError) as e:
        raise PilotError(f"Not a zip file of a pilot export: {e}") from e
    if "pilot.toml" not in files:
        raise PilotError("The zip holds no pilot.toml: give the data zip of an export (All data (zip))")
    return files


def import_pilot(db: Database, data: bytes) -> Pilot:
    """Rebuild the exported pilot as a new pilot of this database; returns it."""
    files = read_zip(data)
    try:
        toml = files["pilot.toml"].decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PilotError("pilot.toml is not UTF-8 text") from e
    definition, goals = definition_from_toml(toml)
    with store.transaction(db, None):  # creating a pilot: an admin's job
        pilot = save_pilot(db, definition, goals)
        if "participants.csv" in files:
            participants.import_csv(db, pilot, files["participants.csv"])
        if _has_rows(files.get("usage.csv")):
            preview = usage.preview_import(db, pilot, read_report(files["usage.csv"], "usage.csv"))
            usage.store_import(db, preview)
        for _, row in _rows(files, "replaced_counts.csv", ("week", "count")):
            entries.enter_group_count(db, pilot, row["week"], _whole(row["count"], "replaced_counts.csv"))
        for _, row in _rows(files, "manual_kpis.csv", ("name", "week", "value")):
            kpis.save_kpi(db, pilot, row["name"], row["week"], _number(row["value"], "manual_kpis.csv"))
        if "benefits.csv" in files:
            benefits.import_csv(db, pilot, files["benefits.csv"])
        for _, row in _rows(files, "wins.csv", ("date", "description")):
            wins.record_win(db, pilot, wins.Win(row["date"], row["description"], row.get("email", "")))
        if "concerns.csv" in files:
            concerns.import_csv(db, pilot, files["concerns.csv"])
        _playbook(db, pilot, files)
        for _, row in _rows(files, "recognition.csv", ("badges", "leaderboard")):
            kinds = tuple(k.strip() for k in row["badges"].split(";") if k.strip())
            shown = recognition.Recognition(kinds, row["leaderboard"] == "1")
            recognition.set_recognition(db, pilot, shown)
        for _, row in _rows(files, "decisions.csv", ("decision", "reason", "decided_by", "decided_at")):
            record_override(db, pilot.id, row["decision"], row["reason"])
            latest = "(SELECT max(id) FROM decisions WHERE pilot_id = ?)"  # as decided then, by whom
            then = "decided_at = ?, decided_by = ?, decided_role = ?"
            who = [row["decided_at"], row["decided_by"], row.get("decided_role", ""), pilot.id]
            db.execute(f"UPDATE decisions SET {then} WHERE id = {latest}", who)
    return pilot


def _playbook(db: Database, pilot: Pilot, files: dict[str, bytes]) -> None:
    """Training sessions and the survey through their own importers; prompts (with the owner's
    marks) and follow-ups one by one, as the Playbook and People pages record them."""
    for name, importer in (("training.csv", training.import_csv), ("survey.csv", survey.import_csv)):
        if _has_rows(files.get(name)):
            importer(db, pilot, files[name])
    ids = ids_by_email(db, pilot.id)
    for line, row in _rows(files, "prompts.csv", ("week", "text", "from_data")):
        fields = {k: row.get(k, "") for k in ("week", "text", "audience", "department")}
        prompt = prompts.Prompt(**fields, from_data=row["from_data"] == "true")
        given = prompts.assign_prompt(db, pilot, prompt)
        done_by = [e for e in row.get("done_by", "").split(";") if e.strip()]
        if done_by:
            prompts.mark_done(db, pilot.id, given.id, _people(ids, done_by, f"prompts.csv line {line}"))
    for line, row in _rows(files, "follow_ups.csv", ("date", "email")):
        [who] = _people(ids, [row["email"]], f"follow_ups.csv line {line}")
        follow_ups.record_follow_up(db, pilot, follow_ups.FollowUp(who, row["date"], row.get("note", "")))


def _people(ids: dict[str, int], emails: list[str], where: str) -> list[int]:
    """The participant ids of emails of the sample group; any other email refuses the file."""
    emails = [normalize_email(e) for e in emails]
    strangers = [e for e in emails if e not in ids]
    if strangers:
        raise ValidationError([f"{where}: not in the sample group: {', '.join(strangers)}"])
    return [ids[e] for e in emails]


def _has_rows(data: bytes | None) -> bool:
    return bool(data) and len(data.decode("utf-8-sig", errors="replace").strip().splitlines()) > 1


def _rows(files: dict[str, bytes], name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of one of the export's own CSV files (none when the zip lacks it or it has no rows)."""
    if not _has_rows(files.get(name)):
        return []
    return read_rows(files[name], name.removesuffix(".csv"), required)


def _whole(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError as e:
        raise ValidationError([f"{what}: '{text}' is not a whole number"]) from e


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError as e:
        raise ValidationError([f"{what}: '{text}' is not a number"]) from e
