"""Light game mechanics, off by default: which badges a pilot shows (each switched on by itself),
and whether viewers see a leaderboard of them. Badges are computed from the data
(`results/badges`), never typed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from pilot import store
from pilot.core.catalog import BADGES
from pilot.core.errors import ValidationError
from pilot.setup.pilots import Pilot
from pilot.store import Database


@dataclass(frozen=True)
class Recognition:
    kinds: tuple[str, ...] = ()  # the badges switched on: keys of catalog.BADGES, in its order
    leaderboard: bool = False  # shown to viewers only when the owner turns it on

    @property
    def badges(self) -> bool:
        """Whether the pilot shows any badge."""
        return bool(self.kinds)


EVERY_BADGE = Recognition(tuple(BADGES))


def recognition(db: Database, pilot_id: int) -> Recognition:
    row = db.execute("SELECT kinds, leaderboard FROM recognition WHERE pilot_id = ?", [pilot_id]).fetchone()
    return Recognition(tuple(json.loads(row[0])), bool(row[1])) if row else Recognition()


def set_recognition(db: Database, pilot: Pilot, chosen: Recognition) -> Recognition:
    """Switch each badge (and the viewers' leaderboard, which needs a badge) on or off."""
    unknown = sorted(set(chosen.kinds) - set(BADGES))
    if unknown:
        raise ValidationError([f"No such badge: {', '.join(unknown)} (badges: {', '.join(BADGES)})"])
    kinds = tuple(k for k in BADGES if k in chosen.kinds)
    chosen = Recognition(kinds, bool(kinds) and chosen.leaderboard)
    with store.transaction(db, pilot.id):
        before = asdict(recognition(db, pilot.id))
        store.audit(db, "recognition", pilot.id, "changed", before, asdict(chosen))
        db.execute(
            "INSERT INTO recognition (pilot_id, kinds, leaderboard) VALUES (?, ?, ?)"
            " ON CONFLICT (pilot_id) DO UPDATE"
            " SET kinds = excluded.kinds, leaderboard = excluded.leaderboard",
            [pilot.id, json.dumps(list(kinds)), int(chosen.leaderboard)],
        )
    return chosen
