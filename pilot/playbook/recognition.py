"""Light game mechanics, off by default: whether a pilot shows badges, and whether viewers see
a leaderboard of them. Badges are computed from the data (`results/badges`), never typed."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from pilot import store
from pilot.setup.pilots import Pilot
from pilot.store import Database


@dataclass(frozen=True)
class Recognition:
    badges: bool = False
    leaderboard: bool = False  # shown to viewers only when the owner turns it on


def recognition(db: Database, pilot_id: int) -> Recognition:
    row = db.execute("SELECT badges, leaderboard FROM recognition WHERE pilot_id = ?", [pilot_id]).fetchone()
    return Recognition(bool(row[0]), bool(row[1])) if row else Recognition()


def set_recognition(db: Database, pilot: Pilot, chosen: Recognition) -> Recognition:
    """Switch badges (and the viewers' leaderboard, which needs badges) on or off."""
    chosen = Recognition(chosen.badges, chosen.badges and chosen.leaderboard)
    with store.transaction(db, pilot.id):
        before = asdict(recognition(db, pilot.id))
        store.audit(db, "recognition", pilot.id, "changed", before, asdict(chosen))
        db.execute(
            "INSERT INTO recognition (pilot_id, badges, leaderboard) VALUES (?, ?, ?)"
            " ON CONFLICT (pilot_id) DO UPDATE"
            " SET badges = excluded.badges, leaderboard = excluded.leaderboard",
            [pilot.id, int(chosen.badges), int(chosen.leaderboard)],
        )
    return chosen
