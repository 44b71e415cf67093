"""Small made-up pilots written straight into a fresh database, for metrics and goal status tests."""

from __future__ import annotations

import datetime as dt

from pilot import store
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot, save_pilot


def make_pilot(db, start="2026-09-07", end="2026-10-04", sponsor="a1@example.com", goals=None) -> Pilot:
    pilot = Pilot(
        name=f"Pilot {start} {sponsor}",
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end),
        sponsor_email=sponsor,
    )
    return save_pilot(db, pilot, goals or [])


def add_people(db, pilot_id: int, people: list[tuple]) -> dict[str, int]:
    """people: (email, department[, joined[, left]]) -> {email: participant id}."""
    with store.transaction(db, None):
        for person in people:
            email, department, joined, left = (*person, None, None)[:4]
            db.table("participants").insert(
                {
                    "pilot_id": pilot_id,
                    "name": email.split("@")[0],
                    "email": email,
                    "department": department,
                    "audience": "practitioner",
                    "joined": joined,
                    "left": left,
                }
            )
    return {
        r["email"]: r["id"]
        for r in db.query("SELECT id, email FROM participants WHERE pilot_id = ?", [pilot_id])
    }


def add_usage(db, pilot_id: int, ids: dict[str, int], rows: list[tuple]) -> None:
    """rows: (email, week, channel, posts, reads); one import per week and channel."""
    with store.transaction(db, None):
        imports: dict[tuple, int] = {}
        for email, week, channel, posts, reads in rows:
            if (week, channel) not in imports:
                imports[week, channel] = (
                    db.table("imports")
                    .insert({"pilot_id": pilot_id, "kind": "file", "week": week, "channel": channel})
                    .last_pk
                )
            db.table("usage").insert(
                {
                    "pilot_id": pilot_id,
                    "participant_id": ids[email],
                    "week": week,
                    "channel": channel,
                    "posts": posts,
                    "reads": reads,
                    "import_id": imports[week, channel],
                }
            )


def add_count(db, pilot_id: int, week: str, count: int) -> None:
    """The group-level replaced count of one week."""
    with store.transaction(db, None):
        import_id = (
            db.table("imports")
            .insert({"pilot_id": pilot_id, "kind": "group", "week": week, "channel": "replaced"})
            .last_pk
        )
        db.table("replaced_counts").insert(
            {"pilot_id": pilot_id, "week": week, "count": count, "import_id": import_id}
        )


def add_benefit(
    db, pilot_id: int, date: str, quantity=None, unit="", goal: Goal | None = None, **extra
) -> None:
    with store.transaction(db, None):
        db.table("benefits").insert(
            {
                "pilot_id": pilot_id,
                "date": date,
                "category": "time saved",
                "description": extra.pop("description", f"Benefit of {date}"),
                "quantity": quantity,
                "unit": unit,
                "goal_id": goal.id if goal else None,
                **extra,
            }
        )


def add_kpi(db, pilot_id: int, name: str, week: str, value: float) -> None:
    with store.transaction(db, None):
        db.table("manual_kpis").insert({"pilot_id": pilot_id, "name": name, "week": week, "value": value})
