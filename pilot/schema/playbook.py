"""Goals for one audience of the sample group, and badges switched on one by one (issue 13)."""

from __future__ import annotations

from pilot.core.sqlite import Database
from pilot.schema import migrations


@migrations()
def m013_goal_audience(db: Database) -> None:
    """A goal may target one audience's rate ("leadership active rate"); NULL: the whole group."""
    db.execute("ALTER TABLE goals ADD COLUMN audience TEXT")


@migrations()
def m014_badges_one_by_one(db: Database) -> None:
    """Which badges a pilot shows, each switched on or off: a JSON list of their keys. A pilot that
    had badges on gets every badge there was."""
    every = '["first post", "overtook", "trained", "three prompts", "four weeks"]'
    db.executescript(
        f"""
        ALTER TABLE recognition ADD COLUMN kinds TEXT NOT NULL DEFAULT '[]';
        UPDATE recognition SET kinds = '{every}' WHERE badges = 1;
        ALTER TABLE recognition DROP COLUMN badges;
        """
    )
