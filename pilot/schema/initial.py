"""The tables of the first migration (`pilot_data.m001_initial`), as shipped: never edited, since
databases out there have already run it; a change is a new migration in `pilot/schema/`."""

INITIAL = """
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
