"""The history file's schema, versioned, and the migrations that bring older files forward.

The version lives in SQLite's ``user_version`` header field, so it changes in the same
transaction as the tables; ``application_id`` marks the file as a crmhealth history. Migration
*n* turns a version *n-1* file into version *n*; a file newer than :data:`SCHEMA_VERSION` was
written by a later crmhealth and is refused (never migrated down or overwritten).
"""

from __future__ import annotations

# "CRMH" as a big-endian 32-bit integer: `file` and sqlite3 show it for the database header.
APPLICATION_ID = 0x43524D48

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: runs with their dimensions, tables and results.
    (
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            as_of TEXT NOT NULL,
            run_at TEXT NOT NULL,
            crmhealth_version TEXT NOT NULL,
            rules TEXT NOT NULL,
            rules_fingerprint TEXT NOT NULL,
            score REAL,
            grade TEXT
        )""",
        "CREATE INDEX runs_by_date ON runs (as_of, run_at)",
        """CREATE TABLE run_dimensions (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            score REAL,
            PRIMARY KEY (run_id, name)
        )""",
        """CREATE TABLE run_tables (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            source TEXT NOT NULL,
            rows INTEGER NOT NULL,
            columns TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        )""",
        """CREATE TABLE run_results (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            check_id TEXT NOT NULL,
            type TEXT NOT NULL,
            dimension TEXT NOT NULL,
            table_name TEXT NOT NULL,
            column_name TEXT,
            fingerprint TEXT NOT NULL,
            status TEXT NOT NULL,
            failed INTEGER NOT NULL,
            total INTEGER NOT NULL,
            pass_rate REAL NOT NULL,
            message TEXT NOT NULL,
            breakdown TEXT NOT NULL,
            details TEXT NOT NULL,
            PRIMARY KEY (run_id, position)
        )""",
        "CREATE INDEX results_by_check ON run_results (check_id, table_name, column_name)",
    ),
    # 2: per-column value profiles the schema drift check records, to tell a renamed column.
    (
        """CREATE TABLE run_column_profiles (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            table_name TEXT NOT NULL,
            column_name TEXT NOT NULL,
            profile TEXT NOT NULL,
            PRIMARY KEY (run_id, table_name, column_name)
        )""",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)
