"""The tables behind the files given to ``init`` (every sheet, every database table), each with
a source name, a source entry for the rules file, and its profile."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from crmhealth.errors import UserError
from crmhealth.init.knowledge import knowledge
from crmhealth.init.profile import ColumnProfile, profile_frame
from crmhealth.sources import SourceRef, SourceSpec, load_table
from crmhealth.sources.listing import ListedTable, data_kind, list_tables, suffix_kind


@dataclass(frozen=True)
class TableProfile:
    """A table of the export, as the rules file will name it, with its columns' profiles."""

    name: str
    listed: ListedTable
    entry: dict[str, Any]  # the source entry, paths relative to the rules file's folder
    frame: pl.DataFrame  # the table read once (sources may hand out lazy scans)
    columns: tuple[ColumnProfile, ...]
    id_column: str | None  # the column the source layer quotes as a record's id
    problem: str | None = None  # why a sheet or database table could not be read

    @property
    def rows(self) -> int:
        return self.frame.height

    def name_kinds(self) -> set[str]:
        """Table kinds its name (or sheet/table name) suggests."""
        inner = self.listed.sheet or self.listed.table or self.listed.path.stem
        return knowledge().table_kinds(inner) | knowledge().table_kinds(self.name)


def source_name(text: str) -> str:
    """A table name for the rules file: lower case, words joined by ``_`` (Han kept)."""
    cleaned = re.sub(r"[^\w]+", "_", text.strip().lower()).strip("_")
    return cleaned or "table"


def _entry(listed: ListedTable, base_dir: Path) -> dict[str, Any]:
    try:
        path = Path(os.path.relpath(listed.path.resolve(), base_dir.resolve()))
    except ValueError:  # another drive on Windows
        path = listed.path.resolve()
    entry: dict[str, Any] = {"path": path.as_posix()}
    if suffix_kind(listed.path) != listed.kind:
        entry["kind"] = listed.kind
    if listed.sheet is not None:
        entry["sheet"] = listed.sheet
    if listed.table is not None:
        entry["table"] = listed.table
    return entry


def expand_folders(paths: list[Path]) -> list[Path]:
    """The files given, a folder standing for the data files under it (by name: ``.csv``,
    ``.xlsx``, ``.sqlite``, ``.duckdb``…; hidden files and Excel's ``~$`` lock files left out),
    sorted by path."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            f
            for f in path.rglob("*")
            if f.is_file()
            and suffix_kind(f) is not None
            and f.suffix.lower() != ".txt"
            and not any(part.startswith((".", "~$")) for part in f.relative_to(path).parts)
        )
        if not found:
            raise UserError("no data files (CSV, XLSX, SQLite, DuckDB) in this folder", str(path))
        files.extend(found)
    return files


def listed_tables(paths: list[Path]) -> list[ListedTable]:
    """Every table of every data file (a folder: of the data files in it), in the order given."""
    tables: list[ListedTable] = []
    for path in expand_folders(paths):
        if not path.exists():
            raise UserError("file not found; check the path", str(path))
        kind = data_kind(path)
        if kind is None:
            raise UserError(
                "not a data file (CSV, XLSX, SQLite or DuckDB); a rules file goes to "
                "`crmhealth audit RULES` alone",
                str(path),
            )
        tables.extend(list_tables(path, kind))
    return tables


def _source_names(listed: list[ListedTable]) -> list[str]:
    """A unique source name per table: a CSV's or single-sheet workbook's file name, a sheet's
    name in a workbook of several, a database table's name (``_2``… on a clash)."""
    per_file: dict[Path, int] = {}
    for item in listed:
        per_file[item.path] = per_file.get(item.path, 0) + 1
    used: set[str] = set()
    names = []
    for item in listed:
        inner = item.sheet or item.table
        several = per_file[item.path] > 1 or item.kind in ("sqlite", "duckdb")
        base = source_name(inner if inner and several else item.path.stem)
        name, n = base, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        names.append(name)
    return names


def profile_exports(paths: list[Path], base_dir: Path, today: date) -> list[TableProfile]:
    """Profile every table of the given files; names are unique and in file order."""
    listed = listed_tables(paths)
    profiles = []
    for item, name in zip(listed, _source_names(listed), strict=True):
        entry = _entry(item, base_dir)
        spec = SourceSpec.model_validate({**entry, "path": str(item.path), "kind": item.kind})
        ref = SourceRef(name=name, spec=spec, path=item.path, where=item.label)
        try:
            table = load_table(ref)
            frame = table.frame.lazy().collect()
        except UserError as error:
            if item.kind == "csv":
                raise  # the file itself is unreadable: say so
            # One sheet or table of a workbook or database (an empty sheet, say) is listed
            # with the reason; the others are still profiled.
            profiles.append(
                TableProfile(name, item, entry, pl.DataFrame(), (), None, error.message)
            )
            continue
        profiles.append(
            TableProfile(
                name=name,
                listed=item,
                entry=entry,
                frame=frame,
                columns=tuple(profile_frame(frame, today)),
                id_column=table.id_column,
            )
        )
    return profiles
