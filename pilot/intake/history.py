"""Undo and Redo of an import: nothing an owner takes back is lost.

Undo takes an import's rows out into `usage_undone` (or `replaced_counts_undone`) and puts
back the rows it had replaced; Redo sets those aside again and brings the undone rows back.
Only the latest live import of a week and channel can be undone, and an undone one redone
only while no later import holds its week and channel, so each step is exact.
"""

from __future__ import annotations

import pandas as pd

from pilot import store
from pilot.core.errors import ImportRefused, NotFound
from pilot.intake.usage import GROUP_COLUMNS, USAGE_COLUMNS, replace_rows, set_aside
from pilot.store import Database


def undo_import(db: Database, import_id: int) -> None:
    """Take an import's rows out (kept, for Redo) and put back the rows it replaced; a later live
    import blocks it."""
    record = _import_record(db, import_id)
    if record["undone_at"]:
        raise ImportRefused(f"Import #{import_id} was already undone on {record['undone_at']}")
    _refuse_if_later(db, record)
    table, columns = _tables(record)
    with store.transaction(db, record["pilot_id"]):
        if db.execute("SELECT undone_at FROM imports WHERE id = ?", [import_id]).fetchone()[0]:
            raise ImportRefused(f"Import #{import_id} was already undone")  # by another session meanwhile
        keep = f"INSERT INTO {table}_undone SELECT {columns} FROM {table} WHERE import_id = ?"
        db.execute(keep, [import_id])
        _restore(db, table, columns, import_id)
        db.execute("UPDATE imports SET undone_at = datetime('now') WHERE id = ?", [import_id])
        store.audit(db, "import", import_id, "undone", {"undone": False}, {"undone": True})


def redo_import(db: Database, import_id: int) -> None:
    """Bring an undone import's rows back, setting aside again what they had replaced; an import
    of the same week and channel stored since blocks it."""
    record = _import_record(db, import_id)
    if not record["undone_at"]:
        raise ImportRefused(f"Import #{import_id} is not undone: there is nothing to redo")
    _refuse_if_later(db, record)
    table, columns = _tables(record)
    pilot_id, week = record["pilot_id"], record["week"]
    with store.transaction(db, pilot_id):
        store.audit(db, "import", import_id, "redone", {"undone": True}, {"undone": False})
        if record["kind"] == "group":
            set_aside(db, table, columns, import_id, "WHERE pilot_id = ? AND week = ?", [pilot_id, week])
        elif record["kind"] == "manual":
            person = db.execute("SELECT participant_id FROM usage_undone WHERE import_id = ?", [import_id])
            for (participant_id,) in person.fetchall():
                replace_rows(db, import_id, pilot_id, week, record["channel"], participant_id)
        else:
            replace_rows(db, import_id, pilot_id, week, record["channel"])
        back = f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_undone WHERE import_id = ?"
        db.execute(back, [import_id])
        db.execute(f"DELETE FROM {table}_undone WHERE import_id = ?", [import_id])
        db.execute("UPDATE imports SET undone_at = NULL WHERE id = ?", [import_id])


def _import_record(db: Database, import_id: int) -> dict:
    record = next(db.query("SELECT * FROM imports WHERE id = ?", [import_id]), None)
    if record is None:
        raise NotFound(f"No import #{import_id}")
    return record


def _tables(record: dict) -> tuple[str, str]:
    """The table an import stored into, and its columns: group counts or per-person usage."""
    return ("replaced_counts", GROUP_COLUMNS) if record["kind"] == "group" else ("usage", USAGE_COLUMNS)


def _refuse_if_later(db: Database, record: dict) -> None:
    later = _later_live_import(db, record)
    if later:
        raise ImportRefused(
            f"Import #{later} replaced the week {record['week']} ({record['channel']}) after "
            f"#{record['id']}: undo #{later} first"
        )


def _later_live_import(db: Database, record: dict) -> int | None:
    group = "kind = 'group'" if record["kind"] == "group" else "kind != 'group'"
    sql = (
        f"SELECT max(id) FROM imports WHERE pilot_id = ? AND week = ? AND channel = ? AND id > ? "
        f"AND undone_at IS NULL AND {group}"
    )
    params = [record["pilot_id"], record["week"], record["channel"], record["id"]]
    return db.execute(sql, params).fetchone()[0]


def undoable(history: pd.DataFrame) -> pd.DataFrame:
    """The imports of `list_imports` that `undo_import` would undo now: live, and not replaced by a
    later live import of the same week and channel (group counts apart from per-person rows), so
    that the page offers no Undo that can only be refused."""
    live = history[history["undone_at"].isna()]
    group = live["kind"] == "group"
    latest = (
        live.assign(group=group).groupby(["week", "channel", "group"], dropna=False)["id"].transform("max")
    )
    return live[live["id"] == latest]


def _restore(db: Database, table: str, columns: str, import_id: int) -> None:
    """Undo `import_id` in `table`: its rows out, the rows it set aside back in."""
    db.execute(f"DELETE FROM {table} WHERE import_id = ?", [import_id])
    db.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_replaced WHERE replaced_by = ?",
        [import_id],
    )
    db.execute(f"DELETE FROM {table}_replaced WHERE replaced_by = ?", [import_id])


def redoable(history: pd.DataFrame) -> pd.DataFrame:
    """The undone imports of `list_imports` that `redo_import` would bring back now: no live import
    of the same week and channel (group counts apart from per-person rows) came after them."""
    group = history["kind"] == "group"
    keyed = history.assign(group=group)
    live = keyed[keyed["undone_at"].isna()]
    latest_live = live.groupby(["week", "channel", "group"], dropna=False)["id"].max()
    undone = keyed[keyed["undone_at"].notna()]
    free = [latest_live.get((r.week, r.channel, r.group), 0) < r.id for r in undone.itertuples()]
    return undone[pd.Series(free, index=undone.index, dtype=bool)].drop(columns="group")
