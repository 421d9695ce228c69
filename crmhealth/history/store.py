"""The history file: one SQLite database, read whole, appended one run per transaction.

A run is written inside one ``BEGIN IMMEDIATE … COMMIT``: SQLite's rollback journal makes an
interrupted write (a crash, a kill, a full disk) leave the file exactly as it was before, with
every earlier run. A file that is not a crmhealth history, is damaged, or was written by a newer
crmhealth raises :class:`UserError` (exit 2) and is never written to.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path
from typing import Any, overload

from crmhealth.errors import UserError
from crmhealth.history.records import ResultRecord, RunRecord, TableRecord
from crmhealth.history.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from crmhealth.results import GroupStat, Status

BUSY_TIMEOUT_SECONDS = 30.0


@contextmanager
def _connect(path: Path, *, create: bool) -> Iterator[sqlite3.Connection]:
    """A connection to `path` (created only when `create`), closed afterwards.

    Transactions are managed explicitly (``isolation_level=None``): nothing is written unless a
    caller begins and commits one.
    """
    if path.is_dir():
        raise UserError(
            "the history path is a folder; give a file such as history.sqlite", str(path)
        )
    if not create and not path.exists():
        raise UserError(
            "no history file here; run `crmhealth audit … --history PATH` first", str(path)
        )
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"cannot create the history's folder: {exc.strerror}", str(path)
            ) from None
    mode = "rwc" if create else "rw"
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode={mode}",
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
        )
    except sqlite3.Error as exc:
        raise UserError(f"cannot open the history: {exc}", str(path)) from None
    with closing(conn):
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            yield conn
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise UserError(
                    "cannot write the history: the file or its folder is read-only",
                    str(path),
                ) from None
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise _unreadable(exc, path) from None
            raise UserError(
                "the history is locked by another crmhealth run; try again when it has finished",
                str(path),
            ) from None
        except sqlite3.DatabaseError as exc:
            raise _unreadable(exc, path) from None


def _unreadable(exc: sqlite3.DatabaseError, path: Path) -> UserError:
    return UserError(
        f"the history file is unreadable ({exc}); it was left untouched — restore it "
        "from a backup or give another --history file",
        str(path),
    )


def _version(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version (0 for a new, empty file); refuses foreign and newer files."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    app = int(conn.execute("PRAGMA application_id").fetchone()[0])
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app != APPLICATION_ID and (tables or version):
        raise UserError(
            "this SQLite file is not a crmhealth history; it was left untouched — give a new "
            "file name to --history",
            str(path),
        )
    if version > SCHEMA_VERSION:
        raise UserError(
            f"the history was written by a newer crmhealth (history schema {version}, this "
            f"version reads up to {SCHEMA_VERSION}); upgrade crmhealth — the file was left "
            "untouched",
            str(path),
        )
    return version


def migrate(conn: sqlite3.Connection, path: Path, *, upto: int = SCHEMA_VERSION) -> int:
    """Bring the file forward to schema `upto` in one transaction; the version it had before."""
    before = _version(conn, path)
    if before >= upto:
        return before
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = _version(conn, path)  # another process may have migrated meanwhile
        for number in range(current + 1, upto + 1):
            for statement in MIGRATIONS[number - 1]:
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {upto}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return before


def read_runs(path: Path) -> list[RunRecord]:
    """Every stored run, oldest first (by as_of, run time, storage order).

    A missing file is an empty history here (the audit will create it); the listing command
    says that a file is missing itself.
    """
    if not path.exists():
        return []
    with _connect(path, create=False) as conn:
        version = _version(conn, path)
        if version == 0:
            return []
        # Reading never writes: an older file is migrated by the next audit that appends.
        return _load(conn, version)


def append_run(path: Path, record: RunRecord) -> int:
    """Store `record` as a new run in one transaction; its run id."""
    with _connect(path, create=True) as conn:
        migrate(conn, path)
        conn.execute("BEGIN IMMEDIATE")
        try:
            run_id = _insert_run(conn, record)
            _insert_tables(conn, run_id, record)
            _insert_results(conn, run_id, record)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return run_id


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _insert_run(conn: sqlite3.Connection, record: RunRecord) -> int:
    cursor = conn.execute(
        "INSERT INTO runs (as_of, run_at, crmhealth_version, rules, rules_fingerprint, score, "
        "grade) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            record.as_of.isoformat(),
            record.run_at,
            record.version,
            record.rules,
            record.rules_fingerprint,
            record.score,
            record.grade,
        ),
    )
    run_id = cursor.lastrowid
    assert run_id is not None
    conn.executemany(
        "INSERT INTO run_dimensions (run_id, name, score) VALUES (?, ?, ?)",
        [(run_id, name, score) for name, score in record.dimensions.items()],
    )
    return run_id


def _insert_tables(conn: sqlite3.Connection, run_id: int, record: RunRecord) -> None:
    conn.executemany(
        "INSERT INTO run_tables (run_id, name, source, rows, columns) VALUES (?, ?, ?, ?, ?)",
        [(run_id, t.name, t.source, t.rows, _json(list(t.columns))) for t in record.tables],
    )
    conn.executemany(
        "INSERT INTO run_column_profiles (run_id, table_name, column_name, profile) "
        "VALUES (?, ?, ?, ?)",
        [
            (run_id, t.name, column, _json(dict(profile)))
            for t in record.tables
            for column, profile in t.profiles.items()
        ],
    )


def _insert_results(conn: sqlite3.Connection, run_id: int, record: RunRecord) -> None:
    conn.executemany(
        "INSERT INTO run_results (run_id, position, check_id, type, dimension, table_name, "
        "column_name, fingerprint, status, failed, total, pass_rate, message, breakdown, details) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                run_id,
                position,
                r.check,
                r.type,
                r.dimension,
                r.table,
                r.column,
                r.fingerprint,
                r.status.value,
                r.failed,
                r.total,
                r.pass_rate,
                r.message,
                _json([g.to_dict() for g in r.breakdown]),
                _json(dict(r.details)),
            )
            for position, r in enumerate(record.results)
        ],
    )


def _load(conn: sqlite3.Connection, version: int) -> list[RunRecord]:
    dimensions: dict[int, dict[str, float | None]] = defaultdict(dict)
    for run_id, name, score in conn.execute("SELECT run_id, name, score FROM run_dimensions"):
        dimensions[run_id][name] = score
    profiles: dict[tuple[int, str], dict[str, Any]] = defaultdict(dict)
    if version >= 2:
        for run_id, table, column, profile in conn.execute(
            "SELECT run_id, table_name, column_name, profile FROM run_column_profiles"
        ):
            profiles[(run_id, table)][column] = _LazyMapping(profile)
    tables: dict[int, list[TableRecord]] = defaultdict(list)
    for run_id, name, source, rows, columns in conn.execute(
        "SELECT run_id, name, source, rows, columns FROM run_tables ORDER BY run_id, rowid"
    ):
        tables[run_id].append(
            TableRecord(
                name=name,
                source=source,
                rows=rows,
                columns=tuple(json.loads(columns)),
                profiles=profiles.get((run_id, name), {}),
            )
        )
    results: dict[int, list[ResultRecord]] = defaultdict(list)
    for row in conn.execute(
        "SELECT run_id, check_id, type, dimension, table_name, column_name, fingerprint, status, "
        "failed, total, message, breakdown, details FROM run_results ORDER BY run_id, position"
    ):
        results[row[0]].append(
            ResultRecord(
                check=row[1],
                type=row[2],
                dimension=row[3],
                table=row[4],
                column=row[5],
                fingerprint=row[6],
                status=Status(row[7]),
                failed=row[8],
                total=row[9],
                message=row[10],
                breakdown=_LazyBreakdown(row[11]),
                details=_LazyMapping(row[12]),
            )
        )
    runs = [
        RunRecord(
            run_id=run_id,
            as_of=date.fromisoformat(as_of),
            run_at=run_at,
            version=made_by,
            rules=rules,
            rules_fingerprint=fingerprint,
            score=score,
            grade=grade,
            dimensions=dimensions.get(run_id, {}),
            tables=tuple(tables.get(run_id, [])),
            results=tuple(results.get(run_id, [])),
        )
        for run_id, as_of, run_at, made_by, rules, fingerprint, score, grade in conn.execute(
            "SELECT id, as_of, run_at, crmhealth_version, rules, rules_fingerprint, score, grade "
            "FROM runs"
        )
    ]
    return sorted(runs, key=lambda run: run.order)


class _LazyMapping(Mapping[str, Any]):
    """A stored JSON object, parsed when first read: most of a long history's details and
    profiles are never looked at, and parsing them all would cost more than the audit."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._value: dict[str, Any] | None = None

    def _parsed(self) -> dict[str, Any]:
        if self._value is None:
            self._value = json.loads(self._text)
        return self._value

    def __getitem__(self, key: str) -> Any:
        return self._parsed()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parsed())

    def __len__(self) -> int:
        return len(self._parsed())

    def __repr__(self) -> str:
        return repr(self._parsed())


class _LazyBreakdown(Sequence[GroupStat]):
    """A stored ``by:`` breakdown, parsed when first read (see :class:`_LazyMapping`)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._value: tuple[GroupStat, ...] | None = None

    def _parsed(self) -> tuple[GroupStat, ...]:
        if self._value is None:
            self._value = tuple(
                GroupStat(group=g["group"], failed=g["failed"], total=g["total"])
                for g in json.loads(self._text)
            )
        return self._value

    @overload
    def __getitem__(self, index: int) -> GroupStat: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[GroupStat]: ...

    def __getitem__(self, index: int | slice) -> GroupStat | Sequence[GroupStat]:
        return self._parsed()[index]

    def __len__(self) -> int:
        return len(self._parsed())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._parsed() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._parsed())

    def __repr__(self) -> str:
        return repr(self._parsed())
