"""The database schema as migrations, applied in order on open by `store.connect`.

Add a change as a new function at the end (m003_..., m004_...): never edit one that has shipped,
since databases out there have already run it.
"""

from __future__ import annotations

from pilot.core.catalog import BENEFITS_PREFIX, normalise_unit
from pilot.core.sqlite import Database, Migrations

migrations = Migrations("pilot")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (data_version INTEGER NOT NULL);
        INSERT INTO meta VALUES (0);

        CREATE TABLE pilots (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            purpose TEXT NOT NULL DEFAULT '',
            tool_name TEXT NOT NULL DEFAULT '',
            tool_kind TEXT NOT NULL DEFAULT '',
            replaced_name TEXT NOT NULL DEFAULT '',
            replaced_kind TEXT NOT NULL DEFAULT '',
            replaced_rule TEXT NOT NULL DEFAULT '',
            start TEXT NOT NULL,            -- ISO date
            end TEXT NOT NULL,              -- ISO date
            sponsor_email TEXT NOT NULL DEFAULT '',  -- lower-case; the sponsor is a participant
            budget_cap REAL NOT NULL DEFAULT 0,
            budget_spent REAL NOT NULL DEFAULT 0,
            currency TEXT NOT NULL DEFAULT 'EUR',
            checklist TEXT NOT NULL DEFAULT '{}',    -- JSON {item: {"done": bool, "note": str}}
            archived INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT (datetime('now'))
        );

        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            name TEXT NOT NULL,
            email TEXT NOT NULL,            -- lower-case, trimmed: the key reports match on
            department TEXT NOT NULL,
            audience TEXT NOT NULL,         -- leadership, management, practitioner, infrastructure, observer
            champion INTEGER NOT NULL DEFAULT 0,
            joined TEXT,                    -- ISO date; NULL = from the start
            left TEXT,                      -- ISO date; NULL = to the end
            UNIQUE (pilot_id, email)
        );

        CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            metric TEXT NOT NULL,           -- a DESIGN section 3 id, or manual:NAME
            comparison TEXT NOT NULL CHECK (comparison IN ('at_least', 'at_most')),
            target REAL NOT NULL,
            due_week INTEGER,               -- pilot week; NULL = the last week
            must INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE manual_kpis (
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            name TEXT NOT NULL,             -- the NAME of manual:NAME
            week TEXT NOT NULL,             -- Monday, ISO date
            value REAL NOT NULL,
            PRIMARY KEY (pilot_id, name, week)
        );

        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            kind TEXT NOT NULL,             -- file, manual, group
            file_name TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL DEFAULT '',
            week TEXT NOT NULL,             -- Monday, ISO date
            channel TEXT NOT NULL CHECK (channel IN ('tool', 'replaced')),
            rows_read INTEGER NOT NULL DEFAULT 0,
            rows_matched INTEGER NOT NULL DEFAULT 0,
            rows_dropped INTEGER NOT NULL DEFAULT 0,
            missing TEXT NOT NULL DEFAULT '[]',      -- JSON list of participant emails absent from the report
            imported_at TEXT NOT NULL DEFAULT (datetime('now')),
            imported_by TEXT NOT NULL DEFAULT '',
            undone_at TEXT
        );

        -- Current usage: one row per participant, week and channel.
        CREATE TABLE usage (
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            week TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('tool', 'replaced')),
            posts INTEGER NOT NULL CHECK (posts >= 0),
            reads INTEGER NOT NULL CHECK (reads >= 0),
            import_id INTEGER NOT NULL REFERENCES imports(id),
            PRIMARY KEY (pilot_id, participant_id, week, channel)
        );
        CREATE INDEX usage_by_week ON usage (pilot_id, week, channel);
        CREATE INDEX usage_by_import ON usage (import_id);

        -- Rows an import replaced, kept so that undoing it restores them.
        CREATE TABLE usage_replaced (
            replaced_by INTEGER NOT NULL REFERENCES imports(id),
            pilot_id INTEGER NOT NULL,
            participant_id INTEGER NOT NULL,
            week TEXT NOT NULL,
            channel TEXT NOT NULL,
            posts INTEGER NOT NULL,
            reads INTEGER NOT NULL,
            import_id INTEGER NOT NULL
        );
        CREATE INDEX usage_replaced_by ON usage_replaced (replaced_by);

        -- Group-level weekly count of the replaced channel, for channels with no per-person report.
        CREATE TABLE replaced_counts (
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            week TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count >= 0),
            import_id INTEGER NOT NULL REFERENCES imports(id),
            PRIMARY KEY (pilot_id, week)
        );

        CREATE TABLE benefits (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            date TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',     -- who; a participant's email where known
            departments TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL,
            description TEXT NOT NULL,
            quantity REAL,
            unit TEXT NOT NULL DEFAULT '',
            goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL
        );

        CREATE TABLE wins (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            date TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL
        );

        CREATE TABLE concerns (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            raised TEXT NOT NULL,               -- ISO date
            raised_by TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open', -- open, handled, closed
            handling TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            decision TEXT NOT NULL CHECK (decision IN ('Go', 'Extend', 'No-go')),
            reason TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL DEFAULT (datetime('now'))
        );
        """
    )


@migrations()
def m002_replaced_counts_replaced(db: Database) -> None:
    """Group-level counts a later entry replaced, kept so undoing that entry restores them (issue 3)."""
    db.executescript(
        """
        CREATE TABLE replaced_counts_replaced (
            replaced_by INTEGER NOT NULL REFERENCES imports(id),
            pilot_id INTEGER NOT NULL,
            week TEXT NOT NULL,
            count INTEGER NOT NULL,
            import_id INTEGER NOT NULL
        );
        """
    )


@migrations()
def m003_training(db: Database) -> None:
    """Training sessions and who attended them (the playbook, issue 13)."""
    db.executescript(
        """
        CREATE TABLE training_sessions (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            date TEXT NOT NULL,             -- ISO date
            kind TEXT NOT NULL,
            topic TEXT NOT NULL,
            host TEXT NOT NULL DEFAULT '',
            UNIQUE (pilot_id, date, kind, topic, host)
        );
        CREATE TABLE training_attendees (
            session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            PRIMARY KEY (session_id, participant_id)
        );
        """
    )


@migrations()
def m004_prompts_and_follow_ups(db: Database) -> None:
    """Weekly prompts with their completion, and one-on-one follow-ups (the playbook, issue 13)."""
    db.executescript(
        """
        CREATE TABLE prompts (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            week TEXT NOT NULL,             -- the Monday, ISO
            text TEXT NOT NULL,
            audience TEXT NOT NULL DEFAULT '',
            department TEXT NOT NULL DEFAULT '',
            from_data INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE prompt_done (
            prompt_id INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            PRIMARY KEY (prompt_id, participant_id)
        );
        CREATE TABLE follow_ups (
            id INTEGER PRIMARY KEY,
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            date TEXT NOT NULL,             -- ISO date
            note TEXT NOT NULL DEFAULT ''
        );
        """
    )


@migrations()
def m005_pulse_survey(db: Database) -> None:
    """Pulse survey answers: a score 1-5 per participant, question and week (issue 13)."""
    db.executescript(
        """
        CREATE TABLE survey_answers (
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            week TEXT NOT NULL,             -- the Monday, ISO
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            question TEXT NOT NULL,
            score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
            PRIMARY KEY (pilot_id, week, participant_id, question)
        );
        """
    )


@migrations()
def m006_benefit_units(db: Database) -> None:
    """Benefit units as now stored (issue 12: "Hrs" -> "hours"), in benefits and benefits:UNIT goals."""
    for row_id, unit in db.execute("SELECT id, unit FROM benefits").fetchall():
        db.execute("UPDATE benefits SET unit = ? WHERE id = ?", [normalise_unit(unit), row_id])
    goals = db.execute("SELECT id, metric FROM goals WHERE lower(metric) LIKE ?", [BENEFITS_PREFIX + "%"])
    for row_id, metric in goals.fetchall():
        unit = normalise_unit(metric[len(BENEFITS_PREFIX) :])
        db.execute("UPDATE goals SET metric = ? WHERE id = ?", [BENEFITS_PREFIX + unit, row_id])


@migrations()
def m007_business_case(db: Database) -> None:
    """The hourly cost and the organisation size of the business case (issue 12); NULL: not given."""
    db.execute("ALTER TABLE pilots ADD COLUMN hourly_cost REAL")
    db.execute("ALTER TABLE pilots ADD COLUMN organisation_size INTEGER")


@migrations()
def m008_recognition(db: Database) -> None:
    """Per pilot: badges on or off (off by default), and whether viewers see a leaderboard (issue 13)."""
    db.executescript(
        """
        CREATE TABLE recognition (
            pilot_id INTEGER PRIMARY KEY REFERENCES pilots(id),
            badges INTEGER NOT NULL DEFAULT 0,
            leaderboard INTEGER NOT NULL DEFAULT 0
        );
        """
    )
