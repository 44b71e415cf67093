"""Who may see and change what, a record of every change, and goals due at a fixed week (issue 10)."""

from __future__ import annotations

from pilot.core.sqlite import Database
from pilot.core.weeks import pilot_weeks
from pilot.schema import migrations


@migrations()
def m011_users_roles_audit(db: Database) -> None:
    """Users, their role on each pilot, the audit trail, and the decision-maker's role."""
    db.executescript(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- lower-case; sign-in matches case-insensitively
            name TEXT NOT NULL DEFAULT '',
            password_hash TEXT,                         -- argon2; NULL: signs in by provider or proxy
            admin INTEGER NOT NULL DEFAULT 0,           -- creates pilots, grants roles, owns every pilot
            created_at TEXT NOT NULL DEFAULT (datetime('now'))
        );

        CREATE TABLE roles (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            role TEXT NOT NULL CHECK (role IN ('owner', 'viewer')),
            PRIMARY KEY (user_id, pilot_id)
        );

        -- One row per change, written in the change's own transaction. Participants appear by id only.
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,                 -- UTC, 'YYYY-MM-DD HH:MM:SS'
            pilot_id INTEGER,                 -- NULL: not one pilot's (a user)
            who TEXT NOT NULL,                -- the actor's name as shown
            who_email TEXT NOT NULL,
            role TEXT NOT NULL,               -- owner, admin
            via TEXT NOT NULL,                -- password, sign-in, proxy, local mode, command line
            entity TEXT NOT NULL,             -- pilot, goal, participants, import, benefit, decision, role...
            entity_id TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,             -- created, changed, deleted, imported, undone, granted, removed
            changes TEXT NOT NULL DEFAULT '{}'  -- JSON {field: [before, after]} of the fields that changed
        );
        CREATE INDEX audit_by_entity ON audit (pilot_id, entity, entity_id);

        ALTER TABLE decisions ADD COLUMN decided_role TEXT NOT NULL DEFAULT '';
        """
    )


@migrations()
def m012_goals_due_at_a_week(db: Database) -> None:
    """A blank due week becomes the pilot's last week as it is now, so that extending the pilot
    moves a goal only when the owner says so (goals.move_due_goals)."""
    for pilot_id, start, end in db.execute("SELECT id, start, end FROM pilots").fetchall():
        weeks = len(pilot_weeks(start, end))
        db.execute("UPDATE goals SET due_week = ? WHERE pilot_id = ? AND due_week IS NULL", [weeks, pilot_id])
