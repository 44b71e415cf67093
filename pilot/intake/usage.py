"""Weekly usage in the store: match a report to the sample group, store it atomically, replace, undo.

Every change is an import (a file, a hand-entered week, or a group-level count) recorded
in `imports`. Storing a week and channel again replaces it; the rows it replaced are
kept in `usage_replaced` so that undoing the import puts them back exactly.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pilot import store
from pilot.core.catalog import CHANNELS
from pilot.core.csvfile import read_bytes
from pilot.core.errors import ImportRefused
from pilot.core.weeks import monday, near_the_pilot
from pilot.intake.importers import Format, Report, among, nobody_found, read_report
from pilot.setup.pilots import Pilot
from pilot.store import Database

# A report of these formats is the named product: it is the pilot's tool or its replaced channel.
USAGE_COLUMNS = "pilot_id, participant_id, week, channel, posts, reads, import_id"
GROUP_COLUMNS = "pilot_id, week, count, import_id"  # replaced_counts
PRODUCT_WORDS = {"teams": ("teams",), "viva_engage": ("viva", "yammer", "engage"), "slack": ("slack",)}


@dataclass
class ImportPreview:
    """What an import would store, shown to the owner before anything is written."""

    pilot: Pilot
    report: Report
    rows: pd.DataFrame  # matched: participant_id, name, email, week, channel, posts, reads
    rows_read: int
    missing: list[str] = field(default_factory=list)  # participants' emails absent from the report
    baseline_weeks: list[str] = field(default_factory=list)
    parts: pd.DataFrame = field(default_factory=pd.DataFrame)  # week, channel, read, matched, dropped
    replaces: pd.DataFrame = field(default_factory=pd.DataFrame)  # the live imports it would replace
    nobody_found: str = ""  # why storing would blank a week (nobody of the group in it), or ''

    @property
    def rows_matched(self) -> int:
        return len(self.rows)

    @property
    def rows_dropped(self) -> int:
        return self.rows_read - self.rows_matched

    @property
    def weeks(self) -> list[str]:
        return sorted(self.parts["week"].unique())

    @property
    def channels(self) -> list[str]:
        return sorted(self.parts["channel"].unique())

    def summary(self, date: Callable[[str], str] = str) -> str:
        """One line: format, week, channel and counts (the CLI prints it with ISO weeks; the page
        passes format.day)."""
        weeks = ", ".join(map(date, self.weeks))
        baseline = " (baseline)" if self.baseline_weeks else ""
        return (
            f"{self.report.format.label}; week {weeks}{baseline}; channel {', '.join(self.channels)}; "
            f"{self.rows_read} read, {self.rows_matched} matched, {self.rows_dropped} dropped; "
            f"{len(self.missing)} participants missing"
        )


def participants_frame(db: Database, pilot_id: int) -> pd.DataFrame:
    """The sample group as reports match it: participant_id, name, email (lower-case, trimmed)."""
    sql = "SELECT id AS participant_id, name, email FROM participants WHERE pilot_id = ?"
    return store.frame(db, sql, [pilot_id]).astype({"participant_id": "int64"})


def default_channel(pilot: Pilot, fmt: Format) -> str:
    """The channel a report belongs to, from the pilot: its tool's report is `tool`; email is `replaced`."""
    tool, replaced = pilot.tool_name.lower(), f"{pilot.replaced_name} {pilot.replaced_kind}".lower()
    words = PRODUCT_WORDS.get(fmt.key, ())
    if any(w in tool for w in words):
        return "tool"
    if any(w in replaced for w in words) or (fmt.key == "email" and "mail" in replaced):
        return "replaced"
    return "tool"


def preview_import(
    db: Database, pilot: Pilot, report: Report, week: dt.date | str | None = None, channel: str | None = None
) -> ImportPreview:
    """Match the report to the sample group; the week and channel default from the report and pilot."""
    rows = report.rows
    if report.multi_week:
        if week is not None or channel is not None:
            raise ImportRefused("The generic template names the week and channel on each row: give neither")
    else:
        week = week if week is not None else report.week
        if week is None:
            raise ImportRefused(f"{report.file_name} does not say its week: give the week it covers")
        channel = channel or default_channel(pilot, report.format)
        if channel not in CHANNELS:
            raise ImportRefused(f"The channel must be tool or replaced, not {channel!r}")
    group = participants_frame(db, pilot.id)
    # Only the group's rows are merged: a tenant-wide report holds twenty times as many.
    matched = rows[among(rows["email"], group["email"])].merge(group, on="email")
    keys = ["week", "channel"]
    if report.multi_week:
        read = rows.groupby(keys).size()
    else:  # one week and channel: the matched rows get them, the report's rows are only counted
        part = (monday(week).isoformat(), channel)
        matched = matched.assign(week=part[0], channel=channel)
        read = pd.Series([len(rows)], pd.MultiIndex.from_tuples([part], names=keys))
    parts = pd.DataFrame({"read": read, "matched": matched.groupby(keys).size()})
    parts = parts.fillna(0).astype("int64").reset_index().assign(dropped=lambda p: p["read"] - p["matched"])
    near_the_pilot(pilot, parts["week"].unique(), report.file_name)
    start = monday(pilot.start).isoformat()
    return ImportPreview(
        pilot=pilot,
        report=report,
        rows=matched[["participant_id", "name", "email", "week", "channel", "posts", "reads"]].reset_index(
            drop=True
        ),
        rows_read=len(rows),
        missing=sorted(set(group["email"].tolist()) - set(matched["email"].tolist())),
        baseline_weeks=[w for w in parts["week"].unique() if w < start],
        parts=parts,
        replaces=replaced_imports(db, pilot.id, parts),
        nobody_found=nobody_found(report.file_name, parts, len(group)),
    )


def replaced_imports(db: Database, pilot_id: int, parts: pd.DataFrame) -> pd.DataFrame:
    """The imports whose rows storing these weeks and channels would replace (to warn the owner)."""
    sql = (
        "SELECT DISTINCT i.id, i.kind, i.file_name, i.week, i.channel, i.imported_at FROM usage u "
        "JOIN imports i ON i.id = u.import_id WHERE u.pilot_id = ? AND u.week = ? AND u.channel = ?"
    )
    found = [store.frame(db, sql, [pilot_id, p.week, p.channel]) for p in parts.itertuples()]
    return pd.concat(found, ignore_index=True).sort_values("id", ignore_index=True)


def store_import(db: Database, preview: ImportPreview, allow_empty: bool = False) -> int:
    """Store the matched rows in one transaction, replacing each week and channel they cover.

    A generic file with several weeks or channels becomes one import per week and channel
    (each can be undone); the id of the last one is returned. A week nobody matched: if `allow_empty`.
    """
    if preview.nobody_found and not allow_empty:
        raise ImportRefused(preview.nobody_found)
    report, import_id = preview.report, 0
    group = set(preview.missing) | set(preview.rows["email"].tolist())  # the sample group, as matched
    by_part = dict(list(preview.rows.groupby(["week", "channel"])))
    with store.transaction(db, preview.pilot.id):
        for part in preview.parts.itertuples():
            rows = by_part.get((part.week, part.channel), preview.rows.iloc[:0])
            record = {"pilot_id": preview.pilot.id, "kind": "file", "file_name": report.file_name}
            record |= {"format": report.format.label, "week": part.week, "channel": part.channel}
            record |= {"rows_read": int(part.read), "rows_matched": int(part.matched)}
            record |= {"rows_dropped": int(part.dropped)}
            record["missing"] = json.dumps(sorted(group - set(rows["email"].tolist())))
            # only the numbers: iterating a text column (pyarrow) one cell at a time is slow (tolist is not)
            numbers = rows[["participant_id", "posts", "reads"]].itertuples(index=False)
            import_id = store_rows(db, record, map(_usage_row, numbers))
    return import_id


def _usage_row(row: tuple) -> tuple[int, int, int]:
    """One matched row as (participant_id, posts, reads) (a seam the atomicity test breaks half-way)."""
    return int(row.participant_id), int(row.posts), int(row.reads)


def store_rows(
    db: Database, record: dict, rows: Iterable[tuple[int, int, int]], participant_id: int | None = None,
    entered: dict | None = None,
) -> int:
    """Record an import and store its usage rows (participant_id, posts, reads) for its week and
    channel, inside the caller's transaction; the rows it replaces (the whole week and channel, or
    one participant's) are set aside for undo. The one writer of the usage table, so it is where
    the audit trail hears of usage: an import as one entry, an entry by hand (`entered`) as one."""
    import_id = new_import(db, record)
    pilot_id, week, channel = record["pilot_id"], record["week"], record["channel"]
    replaced = replace_rows(db, import_id, pilot_id, week, channel, participant_id)
    counts = {k: v for k, v in record.items() if k not in ("pilot_id", "kind", "missing")}
    entity, action = ("import", "imported") if entered is None else ("usage entry", "created")
    store.audit(db, entity, import_id, action, None, {**counts, "rows_replaced": replaced, **(entered or {})})
    db.conn.executemany(
        f"INSERT INTO usage ({USAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((pilot_id, person, week, channel, posts, reads, import_id) for person, posts, reads in rows),
    )
    return import_id


def import_file(
    db: Database,
    pilot: Pilot,
    path_or_bytes: str | Path | bytes,
    file_name: str | None = None,
    week: dt.date | str | None = None,
    channel: str | None = None,
    allow_empty: bool = False,
) -> ImportPreview:
    """Read, match and store a file in one call (CLI, demo, tests); returns what was stored."""
    if isinstance(path_or_bytes, bytes):
        data, name = path_or_bytes, file_name or "upload.csv"
    else:
        path = Path(path_or_bytes)
        data, name = read_bytes(path), file_name or path.name
    preview = preview_import(db, pilot, read_report(data, name), week, channel)
    store_import(db, preview, allow_empty=allow_empty)
    return preview


def list_imports(db: Database, pilot_id: int) -> pd.DataFrame:
    """Every import of the pilot, newest first, with how many participants it missed."""
    sql = (
        "SELECT id, kind, file_name, format, week, channel, rows_read, rows_matched, rows_dropped, "
        "json_array_length(missing) AS missing, imported_at, imported_by, undone_at "
        "FROM imports WHERE pilot_id = ? ORDER BY id DESC"
    )
    return store.frame(db, sql, [pilot_id])


def new_import(db: Database, record: dict) -> int:
    """Record an import (a file, a hand entry or a group count) inside the caller's transaction:
    its id tags the rows it stores and the rows it replaces, which is what makes undo exact."""
    return db.table("imports").insert({"imported_by": db.actor.label, **record}).last_pk


def replace_rows(
    db: Database, import_id: int, pilot_id: int, week: str, channel: str, participant_id: int | None = None
) -> int:
    """The usage rows `import_id` replaces (one person's, or the whole week and channel) set aside;
    returns how many."""
    where = "WHERE pilot_id = ? AND week = ? AND channel = ? AND (? IS NULL OR participant_id = ?)"
    params = [pilot_id, week, channel, participant_id, participant_id]
    return set_aside(db, "usage", USAGE_COLUMNS, import_id, where, params)


def set_aside(db: Database, table: str, columns: str, import_id: int, where: str, params: list) -> int:
    """Move the rows about to be replaced into `{table}_replaced`, tagged with the import that
    replaces them, so that undoing it restores them exactly; returns how many."""
    db.execute(f"INSERT INTO {table}_replaced SELECT ?, {columns} FROM {table} {where}", [import_id, *params])
    return db.execute(f"DELETE FROM {table} {where}", params).rowcount
