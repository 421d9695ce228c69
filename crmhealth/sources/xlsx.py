"""Excel workbooks: one sheet per source, every cell read as text (dates as ISO text)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from crmhealth.errors import UserError, did_you_mean
from crmhealth.sources.base import SourceRef


@functools.lru_cache(maxsize=16)
def _open_workbook(path: Path, size: int, mtime_ns: int) -> Any:
    """The workbook reader, opened once per file version (sheets are listed, then loaded)."""
    import fastexcel

    return fastexcel.read_excel(str(path))


class XlsxLoader:
    """Reads a sheet with fastexcel (Rust calamine): fast, and formatted dates come out as text."""

    def _sheet(self, ref: SourceRef) -> tuple[Any, str]:
        import fastexcel

        if not ref.path.is_file():
            raise UserError(f"source '{ref.name}': file not found: {ref.path}", ref.where)
        stat = ref.path.stat()
        try:
            workbook = _open_workbook(ref.path, stat.st_size, stat.st_mtime_ns)
        except (fastexcel.FastExcelError, OSError) as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise UserError(
                f"source '{ref.name}': not a readable Excel workbook ({detail})", str(ref.path)
            ) from None
        names = list(workbook.sheet_names)
        sheet = ref.spec.sheet if ref.spec.sheet is not None else names[0]
        if sheet not in names:
            raise UserError(
                f"source '{ref.name}': workbook {ref.path.name} has no sheet '{sheet}'"
                + did_you_mean(sheet, names).replace("(valid:", "(sheets:"),
                ref.where,
            )
        return workbook, sheet

    def column_names(self, ref: SourceRef) -> list[str]:
        workbook, sheet = self._sheet(ref)
        return list(workbook.load_sheet(sheet, n_rows=0).to_polars().columns)

    def load(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.DataFrame:
        workbook, sheet = self._sheet(ref)
        loaded: pl.DataFrame = workbook.load_sheet(sheet, dtypes="string").to_polars()
        frame = loaded.with_columns(pl.all().cast(pl.String))
        return frame.select(columns) if columns is not None else frame
