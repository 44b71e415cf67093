"""Goals for one audience of the sample group (issue 13)."""

from __future__ import annotations

from pilot.core.sqlite import Database
from pilot.schema import migrations


@migrations()
def m013_goal_audience(db: Database) -> None:
    """A goal may target one audience's rate ("leadership active rate"); NULL: the whole group."""
    db.execute("ALTER TABLE goals ADD COLUMN audience TEXT")
