"""The sample group: who takes part, from which department and audience, and who is sponsor or champion.

The pilot's `sponsor_email` is the one record of who the sponsor is; a participant
"is the sponsor" when their email equals it. Every change (CSV upload or the
editable table) is checked as a whole first and stored in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pilot import store
from pilot.core.errors import ValidationError
from pilot.core.text import as_text
from pilot.setup.pilots import Pilot, set_sponsor
from pilot.setup.roster import clean_row, read_rows
from pilot.store import Database

FIELDS = ("name", "email", "department", "audience", "champion", "joined", "left")


@dataclass
class Preview:
    """What a CSV upload would change, shown before anything is stored."""

    add: pd.DataFrame
    update: pd.DataFrame
    unchanged: int
    rejected: pd.DataFrame  # line, email, reason
    problems: list[str] = field(default_factory=list)  # every reason, in words
    group_problems: list[str] = field(default_factory=list)  # the ones not about one row (sponsor)
    sponsor_email: str | None = None  # the sponsor the file flags, if any
    rows: list[dict] = field(default_factory=list, repr=False)  # cleaned rows to store

    @property
    def ok(self) -> bool:
        return not self.problems


def list_participants(db: Database, pilot_id: int) -> pd.DataFrame:
    """The sample group, one row a participant; `sponsor` is True for the pilot's sponsor."""
    frame = store.frame(
        db,
        "SELECT p.id, p.name, p.email, p.department, p.audience, p.champion,"
        " p.email = pl.sponsor_email AS sponsor, p.joined, p.left"
        " FROM participants p JOIN pilots pl ON pl.id = p.pilot_id"
        " WHERE p.pilot_id = ? ORDER BY p.department, p.name, p.email",
        [pilot_id],
    )
    frame["champion"] = frame["champion"].astype(bool)
    frame["sponsor"] = frame["sponsor"].astype(bool)
    frame = frame[["id", "name", "email", "department", "audience", "champion", "sponsor", "joined", "left"]]
    return frame.astype({"joined": object, "left": object}).where(frame.notna(), None)


def ids_by_email(db: Database, pilot_id: int) -> dict[str, int]:
    """Each participant's email -> id: how a file's people (by email) become the stored ones."""
    group = list_participants(db, pilot_id)
    return dict(zip(group["email"], group["id"], strict=True))


def labels(group: pd.DataFrame, by: str = "email") -> dict:
    """Each participant's email (or `by`, e.g. "id") -> how a picker shows them, in the group's
    order: 'Kira Garcia, Management (kira.garcia@example.com)' (two people may share a name)."""
    people = zip(group[by], group["name"], group["department"], group["email"], strict=True)
    return {key: f"{name}, {department} ({email})" for key, name, department, email in people}


def preview_csv(db: Database, pilot: Pilot, data: bytes) -> Preview:
    """Read a participants CSV and say, row by row, what would be added, updated or rejected."""
    lines, has_dates = read_rows(data)
    existing = list_participants(db, pilot.id)
    departments = _department_spellings(existing)
    checked = _check_all(lines, departments, has_dates, "line")
    rows = [r for r in checked if not r["errors"]]
    rejected = [
        {"line": r["line"], "email": r["email"], "reason": "; ".join(r["errors"])}
        for r in checked
        if r["errors"]
    ]
    flagged = [(r["line"], r["email"]) for r in rows if r["sponsor"]]
    problems = [f"line {r['line']}: {r['reason']}" for r in rejected]
    group_problems = _sponsor_problems(pilot, flagged)
    by_email = {r["email"]: r for r in existing.to_dict("records")}
    add = [r for r in rows if r["email"] not in by_email]
    update = [r for r in rows if r["email"] in by_email and _changed(r, by_email[r["email"]], has_dates)]
    shown = ["line", "name", "email", "department", "audience", "champion", "joined", "left"]
    return Preview(
        add=pd.DataFrame(add, columns=shown),
        update=pd.DataFrame(update, columns=shown),
        unchanged=len(rows) - len(add) - len(update),
        rejected=pd.DataFrame(rejected, columns=["line", "email", "reason"]).sort_values("line"),
        problems=problems + group_problems,
        group_problems=group_problems,
        sponsor_email=flagged[0][1] if len(flagged) == 1 else None,
        rows=[{**r, "keep_dates": not has_dates} for r in add + update],
    )


def import_csv(db: Database, pilot: Pilot, data: bytes) -> tuple[int, int]:
    """Add and update participants from a CSV: all of it, or nothing when any row is wrong."""
    preview = preview_csv(db, pilot, data)
    if not preview.ok:
        raise ValidationError(preview.problems)
    with store.transaction(db, pilot.id):
        ids = [_upsert(db, pilot.id, row) for row in preview.rows]
        if preview.sponsor_email:
            set_sponsor(db, pilot, preview.sponsor_email)
        _audit(db, ids, [], "imported")
    return len(preview.add), len(preview.update)


def save_participants(
    db: Database, pilot: Pilot, frame: pd.DataFrame, seen: int | None = None
) -> tuple[int, int, int]:
    """Store the edited table as the whole sample group: (added, updated, removed); refused if the
    group changed after version `seen` (store.version: an upload or another owner's save).

    Removing someone who already has usage is refused: their weeks would vanish from
    every metric. Give them a `left` date instead, so past weeks stay as they were.
    """
    existing = list_participants(db, pilot.id)
    departments = _department_spellings(existing)
    numbered = [(n, raw) for n, raw in enumerate(frame.to_dict("records"), start=1) if not _blank(raw)]
    rows = _check_all(numbered, departments, True, "row")
    problems = [f"row {r['row']}: {e}" for r in rows for e in r["errors"]]
    flagged = [r["email"] for r in rows if r["sponsor"]]
    if len(flagged) > 1:
        problems.append(f"Only one sponsor per pilot: {', '.join(flagged)} are all ticked")
    kept = {r["id"] for r in rows if r["id"] is not None}
    gone = existing[~existing["id"].isin(kept)]
    problems += _removal_problems(db, gone)
    if problems:
        raise ValidationError(problems)
    sponsor = _new_sponsor(pilot, rows, flagged)
    with store.transaction(db, pilot.id):
        store.refuse_if_changed(db, "participants", "", seen)
        for pid in gone["id"]:
            db.execute("DELETE FROM participants WHERE id = ?", [int(pid)])
        ids = [_upsert(db, pilot.id, {**row, "keep_dates": False}) for row in rows]
        set_sponsor(db, pilot, sponsor)
        _audit(db, ids, [int(p) for p in gone["id"]], "changed")
    by_id = existing.set_index("id").to_dict("index")
    added = sum(r["id"] is None for r in rows)
    updated = sum(r["id"] is not None and _changed(r, by_id.get(r["id"], {}), True) for r in rows)
    return added, updated, len(gone)


def _check_all(
    numbered: list[tuple[int, dict]], departments: dict, with_dates: bool, where: str
) -> list[dict]:
    """Each row checked, then emails that appear twice (case-insensitive) refused on every row."""
    rows = []
    for n, raw in numbered:
        row, errors = clean_row(raw, departments, with_dates)
        rows.append({**row, where: n, "id": _id(raw.get("id")), "errors": errors})
    seen: dict[str, list[int]] = {}
    for row in rows:
        if row["email"]:
            seen.setdefault(row["email"], []).append(row[where])
    for row in rows:
        numbers = seen.get(row["email"], [])
        if len(numbers) > 1:
            row["errors"].append(f"email {row['email']} appears more than once ({where}s {_join(numbers)})")
    return rows


def _blank(raw: dict) -> bool:
    """An empty row the table editor added."""
    return all(as_text(raw.get(c)).strip() == "" for c in ("name", "email", "department", "audience"))


def _sponsor_problems(pilot: Pilot, flagged: list[tuple[int, str]]) -> list[str]:
    if len(flagged) > 1:
        who = ", ".join(f"{email} (line {line})" for line, email in flagged)
        return [f"Only one sponsor per pilot, but {len(flagged)} rows are flagged: {who}"]
    if flagged and pilot.sponsor_email and flagged[0][1] != pilot.sponsor_email:
        line, email = flagged[0]
        return [
            f"line {line}: {email} is flagged as sponsor, but the pilot's sponsor is {pilot.sponsor_email}; "
            "change the sponsor on the Pilot page first"
        ]
    return []


def _removal_problems(db: Database, gone: pd.DataFrame) -> list[str]:
    problems = []
    for pid, email in zip(gone["id"], gone["email"], strict=True):
        weeks = db.execute("SELECT COUNT(*) FROM usage WHERE participant_id = ?", [int(pid)]).fetchone()[0]
        if weeks:
            problems.append(
                f"{email} has {weeks} usage row(s) and cannot be removed: set a 'left' date instead"
            )
    return problems


def _new_sponsor(pilot: Pilot, rows: list[dict], flagged: list[str]) -> str:
    """The ticked participant; unticking the sponsor clears it; a sponsor outside the table stays."""
    if flagged:
        return flagged[0]
    emails = {r["email"] for r in rows}
    return "" if pilot.sponsor_email in emails else pilot.sponsor_email


def _audit(db: Database, ids: list[tuple[int, bool]], removed: list[int], action: str) -> None:
    """One audit entry for the whole change, naming participants by id only (an erasure later
    leaves nothing of them in the audit)."""
    added = [pid for pid, new in ids if new]
    kept = [pid for pid, new in ids if not new]
    after = {"added": added, "updated or kept": kept, "removed": removed}
    store.audit(db, "participants", "", action, None, after)


def _upsert(db: Database, pilot_id: int, row: dict) -> tuple[int, bool]:
    """Store one participant; returns its id and whether it is new."""
    values = {k: row[k] for k in FIELDS}
    values["champion"] = int(row["champion"])
    if row.get("keep_dates"):
        values.pop("joined"), values.pop("left")
    found = db.execute(
        "SELECT id FROM participants WHERE pilot_id = ? AND email = ?", [pilot_id, row["email"]]
    ).fetchone()
    if row.get("id") is not None or found:
        pid = row["id"] if row.get("id") is not None else found[0]
        db.table("participants").update(pid, values)
        return int(pid), False
    return int(db.table("participants").insert({**values, "pilot_id": pilot_id}).last_pk), True


def _changed(row: dict, old: dict, with_dates: bool) -> bool:
    keys = FIELDS if with_dates else FIELDS[:5]
    return any(as_text(row[k]) != as_text(old.get(k)) for k in keys if k != "champion") or bool(
        row["champion"]
    ) != bool(old.get("champion"))


def _department_spellings(existing: pd.DataFrame) -> dict[str, str]:
    return {d.casefold(): d for d in existing["department"]}


def _id(value: object) -> int | None:
    return None if as_text(value) == "" else int(value)


def _join(numbers: list[int]) -> str:
    return " and ".join([", ".join(map(str, numbers[:-1])), str(numbers[-1])]) if len(numbers) > 1 else ""


def group_checks(pilot: Pilot, frame: pd.DataFrame) -> list[str]:
    """DESIGN section 2's warnings about the sample group, each with its figures."""
    if frame.empty:
        return ["The sample group is empty: add participants from at least 3 departments"]
    total = len(frame)
    sizes = frame["department"].value_counts()
    warnings = []
    if len(sizes) < 3:
        names = ", ".join(sizes.index)
        warnings.append(f"Only {len(sizes)} department(s) take part ({names}): a pilot needs at least 3")
    if sizes.iloc[0] * 2 > total:
        share = sizes.iloc[0] / total
        warnings.append(
            f"{sizes.index[0]} holds {sizes.iloc[0]} of {total} participants ({share:.0%}): "
            "more than half of the group"
        )
    if not pilot.sponsor_email:
        warnings.append("No sponsor set: pick the executive sponsor on the Pilot page")
    elif pilot.sponsor_email not in set(frame["email"]):
        warnings.append(f"The sponsor {pilot.sponsor_email} is not in the sample group")
    if not frame["champion"].any():
        warnings.append("No champion (key user) is flagged in the group")
    return warnings


def makeup(frame: pd.DataFrame) -> pd.DataFrame:
    """Participants by department and audience (columns department, audience, participants)."""
    counts = frame.groupby(["department", "audience"]).size().rename("participants").reset_index()
    return counts.sort_values(["department", "audience"], ignore_index=True)
