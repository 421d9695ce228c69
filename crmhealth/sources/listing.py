"""What a data file holds: its kind (from the name, else the first bytes) and its tables.

`crmhealth init` and `crmhealth audit EXPORT` are given files, not a rules file: a CSV is one
table, a workbook one table per sheet, a SQLite or DuckDB file one per table or view. Files are
only opened for reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crmhealth.errors import UserError
from crmhealth.sources.spec import _SUFFIX_KINDS, SourceKind

_SQLITE_MAGIC = b"SQLite format 3\x00"
_ZIP_MAGIC = b"PK\x03\x04"
_RULES_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ListedTable:
    """One table of a data file: `sheet` for a workbook, `table` for a database."""

    path: Path
    kind: SourceKind
    sheet: str | None = None
    table: str | None = None

    @property
    def label(self) -> str:
        inner = self.sheet or self.table
        return f"{self.path.name}[{inner}]" if inner else self.path.name


def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def _looks_like_rules(head: bytes) -> bool:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    lines = [line.strip() for line in text.splitlines()]
    return any(line.startswith(("version:", "checks:", "sources:")) for line in lines)


def suffix_kind(path: Path) -> SourceKind | None:
    """The kind a file's name implies (``.csv`` → csv…), as a rules file's source reads it."""
    return _SUFFIX_KINDS.get(path.suffix.lower())


def data_kind(path: Path) -> SourceKind | None:
    """The kind of data file `path` is, or None when it is (or looks like) a rules file.

    The name decides first (``.csv``, ``.xlsx``, ``.sqlite``, ``.duckdb``…; ``.yaml`` is rules);
    a ``.txt`` or unknown suffix is decided by the first bytes: a SQLite, DuckDB or zip (xlsx)
    header, YAML that starts like a rules file, else text that is not UTF-8 (a GBK export) or
    has a delimiter on its first line is a CSV.
    """
    suffix = path.suffix.lower()
    if suffix in _RULES_SUFFIXES:
        return None
    head = _head(path)
    if suffix in _SUFFIX_KINDS and suffix != ".txt":
        return _SUFFIX_KINDS[suffix]
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    if head[8:12] == b"DUCK":
        return "duckdb"
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if not head or _looks_like_rules(head):
        return None
    first_line = head.split(b"\n", 1)[0]
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "csv"  # a rules file is UTF-8; text in another encoding is an export
    if any(sep in first_line for sep in (b",", b";", b"\t", b"|")):
        return "csv"
    return None


def list_tables(path: Path, kind: SourceKind) -> list[ListedTable]:
    """Every table of a data file, in the file's order (sheets) or by name (databases)."""
    if not path.is_file():
        raise UserError("file not found; check the path", str(path))
    if kind == "csv":
        return [ListedTable(path, kind)]
    if kind == "xlsx":
        return [ListedTable(path, kind, sheet=name) for name in _sheet_names(path)]
    if kind == "sqlite":
        names = _sqlite_tables(path)
    elif kind == "duckdb":
        names = _duckdb_tables(path)
    else:
        raise UserError(
            f"a {kind} source is a server, not a file; list it in a rules file", str(path)
        )
    return [ListedTable(path, kind, table=name) for name in names]


def _sheet_names(path: Path) -> list[str]:
    import fastexcel

    try:
        return list(fastexcel.read_excel(str(path)).sheet_names)
    except (fastexcel.FastExcelError, OSError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(f"not a readable Excel workbook ({detail})", str(path)) from None


def _sqlite_tables(path: Path) -> list[str]:
    import sqlite3
    import tempfile

    from crmhealth.sources.database import _read_only_uri

    if _head(path, 16) != _SQLITE_MAGIC:
        raise UserError("not a SQLite database file", str(path))
    with tempfile.TemporaryDirectory(prefix="crmhealth-") as scratch:
        conn = sqlite3.connect(_read_only_uri(path, Path(scratch)), uri=True)
        try:
            rows = conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
        except sqlite3.Error as exc:
            raise UserError(f"cannot read the database ({exc})", str(path)) from None
        finally:
            conn.close()
    return [str(row[0]) for row in rows]


def _duckdb_tables(path: Path) -> list[str]:
    try:
        import duckdb
    except ImportError:
        raise UserError(
            "reading DuckDB files needs the duckdb package: pip install 'crmhealth[duckdb]'",
            str(path),
        ) from None
    try:
        conn = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise UserError(f"cannot open as DuckDB ({exc})", str(path)) from None
    try:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name"
        ).fetchall()
    finally:
        conn.close()
    return [str(row[0]) for row in rows]
