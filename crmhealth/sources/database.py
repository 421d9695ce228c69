"""Database files: SQLite (standard library) and DuckDB (optional extra), opened read-only."""

from __future__ import annotations

import contextlib
import functools
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from crmhealth.errors import UserError, did_you_mean
from crmhealth.sources.base import SourceRef

_SQLITE_MAGIC = b"SQLite format 3\x00"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


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

    @contextlib.contextmanager
    def _open(self, ref: SourceRef) -> Iterator[sqlite3.Connection]:
        if not ref.path.is_file():
            raise UserError(f"source '{ref.name}': file not found: {ref.path}", ref.where)
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
        if not ref.path.is_file():
            raise UserError(f"source '{ref.name}': file not found: {ref.path}", ref.where)
        return list(self._cached_columns(ref, _version(ref.path)))

    @functools.lru_cache(maxsize=64)  # noqa: B019 - loaders live as long as the process
    def _cached_columns(self, ref: SourceRef, version: tuple[int, ...]) -> tuple[str, ...]:
        """Column names per file version: validating, planning and loading each ask for them,
        and a WAL database is copied to a scratch folder to be read."""
        with self._open(ref) as conn:
            return tuple(self._columns(conn, self._table(ref, conn)))

    def load(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.DataFrame:
        with self._open(ref) as conn:
            table = self._table(ref, conn)
            names = list(columns) if columns is not None else self._columns(conn, table)
            # CAST in SQL: every value arrives as text exactly as SQLite renders it.
            select = ", ".join(f"CAST({_quote(c)} AS TEXT)" for c in names)
            rows = conn.execute(f"SELECT {select} FROM {_quote(table)}").fetchall()
        return pl.DataFrame(rows, schema={name: pl.String for name in names}, orient="row")


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
        if not ref.path.is_file():
            raise UserError(f"source '{ref.name}': file not found: {ref.path}", ref.where)
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
        conn = self._connect(ref)
        try:
            return self._columns(conn, self._table(ref, conn))
        finally:
            conn.close()

    def load(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.DataFrame:
        conn = self._connect(ref)
        try:
            table = self._table(ref, conn)
            names = list(columns) if columns is not None else self._columns(conn, table)
            select = ", ".join(f"CAST({_quote(c)} AS VARCHAR)" for c in names)
            rows = conn.execute(f"SELECT {select} FROM {_quote(table)}").fetchall()
        finally:
            conn.close()
        # Plain rows, not Arrow: .pl() would need pyarrow, which crmhealth does not require.
        return pl.DataFrame(rows, schema={name: pl.String for name in names}, orient="row")
