"""A small made-up pilot (five people, three departments) and usage rows written straight
into the schema, for tests of wins, people and benefits that need exact, hand-counted data."""

from __future__ import annotations

import datetime as dt

from pilot import store
from pilot.setup import participants
from pilot.setup.goals import Goal
from pilot.setup.pilots import Pilot, save_pilot
from pilot.store import Database

GROUP = b"""name,email,department,audience,sponsor,champion,joined,left
Ann Lee,ann@example.com,Sales,leadership,true,false,,
Bob Smith,bob@example.com,Sales,practitioner,false,true,,
Cy Diaz,cy@example.com,Finance,practitioner,false,false,,
Di Park,di@example.com,Engineering,management,false,true,,
Ed Fox,ed@example.com,Engineering,observer,false,false,,2026-09-15
"""
# Pilot weeks: 1 = 2026-09-07 ... 6 = 2026-10-12; 2026-08-31 is a baseline week.
START, END = dt.date(2026, 9, 7), dt.date(2026, 10, 18)


def small_pilot(db: Database) -> Pilot:
    pilot = Pilot(name="Made-up pilot", start=START, end=END, sponsor_email="ann@example.com")
    goals = [Goal("active_rate", "at_least", 0.6, must=True), Goal("tool_posts", "at_least", 10)]
    pilot = save_pilot(db, pilot, goals)
    participants.import_csv(db, pilot, GROUP)
    return pilot


def add_usage(
    db: Database, pilot: Pilot, rows: list[tuple[str, str, int, int]], channel: str = "tool"
) -> None:
    """rows: (email, week Monday, posts, reads), stored as one manual import."""
    ids = {
        r["email"]: r["id"]
        for r in db.query("SELECT id, email FROM participants WHERE pilot_id = ?", [pilot.id])
    }
    with store.transaction(db, None):
        import_id = (
            db.table("imports")
            .insert({"pilot_id": pilot.id, "kind": "manual", "week": rows[0][1], "channel": channel})
            .last_pk
        )
        for email, week, posts, reads in rows:
            db.table("usage").insert(
                {
                    "pilot_id": pilot.id,
                    "participant_id": ids[email],
                    "week": week,
                    "channel": channel,
                    "posts": posts,
                    "reads": reads,
                    "import_id": import_id,
                }
            )
