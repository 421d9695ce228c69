"""Database files: SQLite (standard library) and DuckDB (optional extra), opened read-only."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
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
    """A table of a SQLite file; a file that is really DuckDB is handed to DuckdbLoader."""

    def _connect(self, ref: SourceRef) -> sqlite3.Connection:
        if not ref.path.is_file():
            raise UserError(f"source '{ref.name}': file not found: {ref.path}", ref.where)
        with ref.path.open("rb") as handle:
            if handle.read(16) != _SQLITE_MAGIC:
                raise UserError(
                    f"source '{ref.name}': not a SQLite database file "
                    "(for DuckDB files set `kind: duckdb`)",
                    str(ref.path),
                )
        # mode=ro: inputs are read-only, always.
        return sqlite3.connect(f"{ref.path.resolve().as_uri()}?mode=ro", uri=True)

    def _table(self, ref: SourceRef, conn: sqlite3.Connection) -> str:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
            )
        ]
        return pick_table(ref, names)

    def column_names(self, ref: SourceRef) -> list[str]:
        with self._connect(ref) as conn:
            table = self._table(ref, conn)
            return [row[1] for row in conn.execute(f"PRAGMA table_info({_quote(table)})")]

    def load(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.DataFrame:
        conn = self._connect(ref)
        try:
            table = self._table(ref, conn)
            names = (
                columns
                if columns is not None
                else [row[1] for row in conn.execute(f"PRAGMA table_info({_quote(table)})")]
            )
            # CAST in SQL: every value arrives as text exactly as SQLite renders it.
            select = ", ".join(f"CAST({_quote(c)} AS TEXT)" for c in names)
            rows = conn.execute(f"SELECT {select} FROM {_quote(table)}").fetchall()
        finally:
            conn.close()
        schema = {name: pl.String for name in names}
        return pl.DataFrame(rows, schema=schema, orient="row")


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

    def column_names(self, ref: SourceRef) -> list[str]:
        conn = self._connect(ref)
        try:
            table = self._table(ref, conn)
            return [
                d[0] for d in conn.execute(f"SELECT * FROM {_quote(table)} LIMIT 0").description
            ]
        finally:
            conn.close()

    def load(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.DataFrame:
        conn = self._connect(ref)
        try:
            table = self._table(ref, conn)
            names = columns if columns is not None else self.column_names(ref)
            select = ", ".join(f"CAST({_quote(c)} AS VARCHAR)" for c in names)
            rows = conn.execute(f"SELECT {select} FROM {_quote(table)}").fetchall()
        finally:
            conn.close()
        # Plain rows, not Arrow: .pl() would need pyarrow, which crmhealth does not require.
        return pl.DataFrame(rows, schema={name: pl.String for name in names}, orient="row")
