"""Sources: one loader per kind, all returning Polars frames whose columns are text."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crmhealth.errors import UserError
from crmhealth.sources.base import Loader, SourceRef, Table, guess_id_column
from crmhealth.sources.csv import CsvLoader
from crmhealth.sources.database import DuckdbLoader, SqliteLoader
from crmhealth.sources.server import MysqlLoader, PostgresLoader
from crmhealth.sources.spark import SparkLoader
from crmhealth.sources.spec import SourceKind, SourceSpec
from crmhealth.sources.xlsx import XlsxLoader

LOADERS: dict[SourceKind, Loader] = {
    "csv": CsvLoader(),
    "xlsx": XlsxLoader(),
    "sqlite": SqliteLoader(),
    "duckdb": DuckdbLoader(),
    "postgres": PostgresLoader(),
    "mysql": MysqlLoader(),
    "spark": SparkLoader(),
}


def loader_for(ref: SourceRef) -> Loader:
    """The loader for a source's kind."""
    try:
        return LOADERS[ref.spec.resolved_kind()]
    except ValueError as exc:
        raise UserError(str(exc), ref.where) from None


def column_names(ref: SourceRef) -> list[str]:
    """A source's column names, reading only its header or schema."""
    return loader_for(ref).column_names(ref)


def load_table(ref: SourceRef, columns: Sequence[str] | None = None) -> Table:
    """Load a source as text. With `columns`, only those (plus the id column) are kept."""
    loader = loader_for(ref)
    all_columns = loader.column_names(ref)
    id_column = guess_id_column(ref.spec, all_columns)
    wanted: list[str] | None = None
    if columns is not None:
        keep = set(columns) | ({id_column} if id_column in all_columns else set())
        wanted = [c for c in all_columns if c in keep]
    frame = loader.load(ref, wanted)
    return Table(
        name=ref.name,
        source=ref.label,
        frame=frame,
        total_columns=len(all_columns),
        all_columns=tuple(all_columns),
        id_column=id_column if id_column in frame.columns else None,
    )


def resolve(name: str, spec: SourceSpec, base_dir: Path, where: str) -> SourceRef:
    """A source entry with its path resolved against the rules file's folder."""
    path = Path(spec.path or ".").expanduser()  # a database server (`url:`) has no path
    return SourceRef(
        name=name, spec=spec, path=path if path.is_absolute() else base_dir / path, where=where
    )


__all__ = [
    "LOADERS",
    "Loader",
    "SourceRef",
    "SourceSpec",
    "Table",
    "column_names",
    "guess_id_column",
    "load_table",
    "resolve",
]
