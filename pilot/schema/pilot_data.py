"""The pilot's own data: m001 to m010, from the first schema to personal data (issues 1 to 13, 11)."""

from __future__ import annotations

from pilot.core.catalog import BENEFITS_PREFIX, normalise_unit
from pilot.core.sqlite import Database
from pilot.schema import migrations
from pilot.schema.initial import INITIAL


@migrations()
def m001_initial(db: Database) -> None:
    """The first schema, as shipped (its text lives in schema_initial, to keep this module short)."""
    db.executescript(INITIAL)


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


@migrations()
def m009_nothing_lost(db: Database) -> None:
    """Undone rows kept so Redo brings them back; goals and benefits deleted softly (issue 11)."""
    db.executescript(
        """
        CREATE TABLE usage_undone (
            pilot_id INTEGER NOT NULL,
            participant_id INTEGER NOT NULL,
            week TEXT NOT NULL,
            channel TEXT NOT NULL,
            posts INTEGER NOT NULL,
            reads INTEGER NOT NULL,
            import_id INTEGER NOT NULL REFERENCES imports(id)
        );
        CREATE INDEX usage_undone_by_import ON usage_undone (import_id);
        CREATE TABLE replaced_counts_undone (
            pilot_id INTEGER NOT NULL,
            week TEXT NOT NULL,
            count INTEGER NOT NULL,
            import_id INTEGER NOT NULL REFERENCES imports(id)
        );
        ALTER TABLE goals ADD COLUMN deleted_at TEXT;      -- NULL = live; kept so it can be restored
        ALTER TABLE benefits ADD COLUMN deleted_at TEXT;
        """
    )


@migrations()
def m010_personal_data(db: Database) -> None:
    """Erasure register, retention date and small-group threshold per pilot (issue 11)."""
    db.executescript(
        """
        CREATE TABLE erasure_register (
            email_hash TEXT NOT NULL,           -- HMAC-SHA256 of the email, keyed by a file beside the db
            pilot_slug TEXT NOT NULL,
            was_sponsor INTEGER NOT NULL DEFAULT 0,
            erased_at TEXT NOT NULL,
            PRIMARY KEY (email_hash, pilot_slug)
        );
        ALTER TABLE pilots ADD COLUMN personal_data_until TEXT;    -- ISO date; NULL = 90 days after the end
        ALTER TABLE pilots ADD COLUMN purged_at TEXT;              -- personal data removed on
        CREATE TABLE kept_summaries (      -- a purged pilot's summary, as it stood at the purge
            pilot_id INTEGER NOT NULL REFERENCES pilots(id),
            format TEXT NOT NULL,           -- md, html or json
            content TEXT NOT NULL,
            PRIMARY KEY (pilot_id, format)
        );
        ALTER TABLE pilots ADD COLUMN small_group INTEGER NOT NULL DEFAULT 5;  -- k: smaller show no figure
        ALTER TABLE pilots ADD COLUMN pseudonyms INTEGER NOT NULL DEFAULT 0;   -- viewers see pseudonyms
        """
    )

