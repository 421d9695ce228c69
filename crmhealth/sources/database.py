"""Database files: SQLite (standard library) and DuckDB (optional extra), opened read-only."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from crmhealth.errors import UserError, did_you_mean
from crmhealth.sources.base import SourceRef, require_file
from crmhealth.sources.headers import column_names

_SQLITE_MAGIC = b"SQLite format 3\x00"
_BATCH_ROWS = 100_000


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def aliased(ref: SourceRef, names: Sequence[str]) -> list[str]:
    """A table's column names as rules use them: the source's ``columns:`` aliases applied."""
    return column_names(list(names), ref.spec.columns, ref.name, ref.where)


def originals(ref: SourceRef, names: Sequence[str], wanted: Sequence[str]) -> dict[str, str]:
    """For each wanted (aliased) column, the column name in the database."""
    by_alias = dict(zip(aliased(ref, names), names, strict=True))
    return {w: by_alias[w] for w in wanted}


def pick_table(ref: SourceRef, names: list[str]) -> str:
    """The source's ``table:`` (default: its name), which must be one of the file's `names`."""
    table = ref.spec.table or ref.name
    if table not in names:
        raise UserError(
            f"source '{ref.name}': {ref.path.name} has no table '{table}'"
            + did_you_mean(table, names),
            ref.where,
        )
    return table


class SqliteLoader:
    """A table of a SQLite file, read without ever writing beside it."""

    def __init__(self) -> None:
        self._columns_seen: dict[tuple[object, ...], tuple[str, ...]] = {}

    @contextlib.contextmanager
    def _open(self, ref: SourceRef) -> Iterator[sqlite3.Connection]:
        require_file(ref)
        with ref.path.open("rb") as handle:
            if handle.read(16) != _SQLITE_MAGIC:
                raise UserError(
                    f"source '{ref.name}': not a SQLite database file "
                    "(for DuckDB files set `kind: duckdb`)",
                    str(ref.path),
                )
        with tempfile.TemporaryDirectory(prefix="crmhealth-") as scratch:
            conn = sqlite3.connect(_read_only_uri(ref.path, Path(scratch)), uri=True)
            try:
                yield conn
            except sqlite3.Error as exc:
                raise UserError(
                    f"source '{ref.name}': cannot read the database ({exc})", str(ref.path)
                ) from None
            finally:
                conn.close()

    def _table(self, ref: SourceRef, conn: sqlite3.Connection) -> str:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
            )
        ]
        return pick_table(ref, names)

    @staticmethod
    def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({_quote(table)})")]

    def column_names(self, ref: SourceRef) -> list[str]:
        require_file(ref)
        return aliased(ref, self._cached_columns(ref, _version(ref.path)))

    def _cached_columns(self, ref: SourceRef, version: tuple[int, ...]) -> tuple[str, ...]:
        key = (version, ref.path, ref.name, ref.where, ref.spec.table)
        if key not in self._columns_seen:
            self._columns_seen[key] = self._read_columns(ref)
        return self._columns_seen[key]

    def _read_columns(self, ref: SourceRef) -> tuple[str, ...]:
        """Column names per file version: validating, planning and loading each ask for them,
        and a WAL database is copied to a scratch folder to be read."""
        with self._open(ref) as conn:
            return tuple(self._columns(conn, self._table(ref, conn)))

    def scan(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.LazyFrame:
        names = self._cached_columns(ref, _version(ref.path))
        wanted = self.column_names(ref) if columns is None else list(columns)
        schema = dict.fromkeys(wanted, pl.String)
        if not schema:
            return pl.LazyFrame(schema=schema)
        source = originals(ref, names, wanted)
        chunks = []
        with self._open(ref) as conn:
            table = self._table(ref, conn)
            # Only the needed columns, CAST in SQL: every value arrives as text exactly as
            # SQLite renders it. Rows come in batches so the Python tuples never all live at
            # once (the standard library's driver has no columnar output).
            select = ", ".join(f"CAST({_quote(source[c])} AS TEXT)" for c in schema)
            cursor = conn.execute(f"SELECT {select} FROM {_quote(table)}")
            while rows := cursor.fetchmany(_BATCH_ROWS):
                chunks.append(pl.DataFrame(rows, schema=schema, orient="row"))
        if not chunks:
            return pl.LazyFrame(schema=schema)
        return pl.concat(chunks, rechunk=True).lazy()

    def details(self, ref: SourceRef) -> dict[str, Any]:
        return {}


def _version(path: Path) -> tuple[int, ...]:
    """Size and modification time of a database and of its write-ahead log, if any."""
    wal = path.with_name(path.name + "-wal")
    files = [path, wal] if wal.exists() else [path]
    return tuple(n for f in files for n in (f.stat().st_size, f.stat().st_mtime_ns))


def _read_only_uri(path: Path, scratch: Path) -> str:
    """A URI that reads `path` without creating anything beside it.

    ``mode=ro`` alone still creates ``-shm``/``-wal`` files next to a WAL-mode database. With no
    write-ahead log present the file is opened ``immutable``; with one, the database and its log
    are copied to a scratch folder first, so uncheckpointed rows are read too.
    """
    wal = path.with_name(path.name + "-wal")
    if not wal.exists():
        return f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    copy = scratch / path.name
    shutil.copyfile(path, copy)
    shutil.copyfile(wal, scratch / wal.name)
    return f"{copy.as_uri()}?mode=ro"


class DuckdbLoader:
    """A table of a DuckDB file (needs the ``duckdb`` extra), opened read-only."""

    def _connect(self, ref: SourceRef) -> Any:
        try:
            import duckdb
        except ImportError:
            raise UserError(
                "reading DuckDB files needs the duckdb package: pip install 'crmhealth[duckdb]'",
                ref.where,
            ) from None
        require_file(ref)
        try:
            return duckdb.connect(str(ref.path), read_only=True)
        except duckdb.Error as exc:
            raise UserError(
                f"source '{ref.name}': cannot open as DuckDB ({exc})", str(ref.path)
            ) from None

    def _table(self, ref: SourceRef, conn: Any) -> str:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables ORDER BY table_name"
            ).fetchall()
        ]
        return pick_table(ref, names)

    @staticmethod
    def _columns(conn: Any, table: str) -> list[str]:
        return [d[0] for d in conn.execute(f"SELECT * FROM {_quote(table)} LIMIT 0").description]

    def column_names(self, ref: SourceRef) -> list[str]:
        require_file(ref)
        conn = self._connect(ref)
        try:
            return aliased(ref, self._columns(conn, self._table(ref, conn)))
        finally:
            conn.close()

    def scan(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.LazyFrame:
        conn = self._connect(ref)
        try:
            table = self._table(ref, conn)
            found = self._columns(conn, table)
            names = aliased(ref, found) if columns is None else list(columns)
            if not names:
                return pl.LazyFrame()
            source = originals(ref, found, names)
            select = ", ".join(
                f"CAST({_quote(source[c])} AS VARCHAR) AS {_quote(c)}" for c in names
            )
            # Arrow through the C stream interface: columnar, no Python object per value, and
            # no pyarrow needed.
            frame = pl.DataFrame(conn.sql(f"SELECT {select} FROM {_quote(table)}"))
        finally:
            conn.close()
        return frame.cast(dict.fromkeys(names, pl.String)).lazy()

    def details(self, ref: SourceRef) -> dict[str, Any]:
        return {}
