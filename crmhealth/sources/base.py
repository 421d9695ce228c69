"""The loader interface every source kind implements, and the loaded-table record."""

from __future__ import annotations

import stat
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

import polars as pl

from crmhealth.errors import UserError
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
    """A source table: every column is text (pl.String).

    File sources give a lazy scan: nothing is read until the engine collects `frame` (once per
    table, calling ``.lazy()`` first), and the row count comes from that collect. Loaders that
    read at once (database servers, Spark) give their DataFrame. `details` holds facts about
    the reading a report may show (rows padded under ``ragged: pad``, characters replaced under
    ``errors: replace``, the header's line).
    """

    name: str
    source: str
    frame: pl.LazyFrame | pl.DataFrame
    total_columns: int
    id_column: str | None
    all_columns: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    allow_empty: bool = False


@runtime_checkable
class Loader(Protocol):
    """One loader per source kind: read the column names cheaply, or scan the data as text."""

    def column_names(self, ref: SourceRef) -> list[str]:
        """The table's columns as rules name them, reading as little as possible (a header, a
        schema): header names cleaned of invisible characters, aliases applied."""
        ...

    def scan(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.LazyFrame:
        """The table with every column as pl.String; only `columns` when given (in file order).

        Problems the data can reveal only when read in full (rows with the wrong number of
        fields, bytes that are not text) are found here, before the frame is handed out, so
        collecting it later cannot fail on them."""
        ...

    def details(self, ref: SourceRef) -> dict[str, Any]:
        """Facts about how the table was read (after `scan`): padded rows, replaced bytes."""
        ...


class EagerLoader(Protocol):
    """A loader that reads the data at once (database servers, Spark): `load_table` makes its
    frame lazy. File loaders implement `Loader` instead."""

    def column_names(self, ref: SourceRef) -> list[str]: ...

    def load(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.DataFrame: ...


def require_file(ref: SourceRef) -> None:
    """UserError unless the source's path is a regular file: missing, a folder, a FIFO or a
    device each say what they are (a FIFO would block the reader forever)."""
    try:
        mode = ref.path.stat().st_mode
    except FileNotFoundError:
        raise UserError(f"source '{ref.name}': file not found: {ref.path}", ref.where) from None
    except OSError as exc:
        raise UserError(
            f"source '{ref.name}': cannot open {ref.path} ({exc.strerror})", ref.where
        ) from None
    if stat.S_ISREG(mode):
        return
    what = (
        "a folder, not a file; name a file inside it"
        if stat.S_ISDIR(mode)
        else "a named pipe (FIFO), not a regular file; save the export to a file first"
        if stat.S_ISFIFO(mode)
        else "a device or socket, not a regular file"
    )
    raise UserError(f"source '{ref.name}': {ref.path} is {what}", ref.where)


T = TypeVar("T")


class PerFileVersion(Generic[T]):
    """A small cache of what was worked out about a source, per version of its file (size and
    modification time) and per source options: validating, planning and loading all ask."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._items: OrderedDict[tuple[Any, ...], T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, ref: SourceRef, compute: Callable[[], T]) -> T:
        info = ref.path.stat()
        key = (
            str(ref.path),
            info.st_size,
            info.st_mtime_ns,
            ref.name,
            ref.where,
            ref.spec.model_dump_json(),
        )
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def guess_id_column(spec: SourceSpec, columns: Sequence[str]) -> str | None:
    """The column samples quote as a record's id: ``id_column:``, else a conventional name."""
    if spec.id_column is not None:
        return spec.id_column
    lowered = {c.strip().lower(): c for c in columns}
    for name in ID_COLUMN_NAMES:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None
