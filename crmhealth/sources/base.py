"""The loader interface every source kind implements, and the loaded-table record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polars as pl

from crmhealth.sources.spec import SourceSpec

ID_COLUMN_NAMES = ("id", "record_id", "编号", "序号", "ID号")


@dataclass(frozen=True)
class SourceRef:
    """A source as the rules file names it, resolved against the rules file's folder."""

    name: str
    spec: SourceSpec
    path: Path
    where: str  # rules.yaml:line:col of the source entry, for error messages

    @property
    def label(self) -> str:
        """The path as the user wrote it (a URL with its password masked), for reports."""
        return self.spec.label()


@dataclass(frozen=True)
class Table:
    """A loaded source table: every column is text (pl.String)."""

    name: str
    source: str
    frame: pl.DataFrame
    total_columns: int
    id_column: str | None
    all_columns: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        return self.frame.height


class Loader(Protocol):
    """One loader per source kind: read the column names cheaply, or the data as text."""

    def column_names(self, ref: SourceRef) -> list[str]:
        """The table's columns, reading as little as possible (a header, a schema)."""
        ...

    def load(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.DataFrame:
        """The table with every column as pl.String; only `columns` when given (in file order)."""
        ...


def guess_id_column(spec: SourceSpec, columns: Sequence[str]) -> str | None:
    """The column samples quote as a record's id: ``id_column:``, else a conventional name."""
    if spec.id_column is not None:
        return spec.id_column
    lowered = {c.strip().lower(): c for c in columns}
    for name in ID_COLUMN_NAMES:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None
