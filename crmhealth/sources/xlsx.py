"""Excel workbooks: one sheet per source, every cell read as text (date cells as ISO text)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from crmhealth.errors import UserError, did_you_mean
from crmhealth.sources.base import PerFileVersion, SourceRef, require_file
from crmhealth.sources.headers import column_names, find_header

_HEAD_ROWS = 200


@functools.lru_cache(maxsize=16)
def _open_workbook(path: Path, size: int, mtime_ns: int) -> Any:
    """The workbook reader, opened once per file version (sheets are listed, then loaded)."""
    import fastexcel

    return fastexcel.read_excel(str(path))


@dataclass(frozen=True)
class SheetLayout:
    """Where a sheet's header is (0-based row of the worksheet) and the names rules use for its
    columns."""

    sheet: str
    header_row: int
    names: tuple[str, ...]


class XlsxLoader:
    """Reads a sheet with fastexcel (Rust calamine): fast, and date cells come out as text."""

    def _sheet(self, ref: SourceRef) -> tuple[Any, str]:
        import fastexcel

        require_file(ref)
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

    def layout(self, ref: SourceRef) -> SheetLayout:
        return _LAYOUTS.get(ref, lambda: self._layout(ref))

    def _layout(self, ref: SourceRef) -> SheetLayout:
        workbook, sheet = self._sheet(ref)
        # skip_rows=0 makes the reader count rows from the worksheet's first row, as Excel shows
        # them (without it, rows start at the first one holding a value).
        wanted = ref.spec.header_line()
        head = workbook.load_sheet(
            sheet,
            header_row=None,
            skip_rows=0,
            n_rows=max(_HEAD_ROWS, wanted or 0),
            dtypes="string",
        )
        rows = [list(r) for r in head.to_polars().rows()]
        if not any(c is not None and str(c).strip() for r in rows for c in r):
            raise UserError(
                f"source '{ref.name}': sheet '{sheet}' is empty: no header row in its first "
                f"{len(rows) or _HEAD_ROWS} rows (set `header_row:` if it starts further down)",
                str(ref.path),
            )
        if wanted is not None:
            index = wanted - 1
            if index >= len(rows) or not any(c is not None for c in rows[index]):
                raise UserError(
                    f"source '{ref.name}': row {wanted} of sheet '{sheet}' (`header_row:`/"
                    "`skip_rows:`) is not a header row",
                    str(ref.path),
                )
        else:
            index = find_header(rows)
        names = column_names(rows[index], ref.spec.columns, ref.name, ref.where, str(ref.path))
        return SheetLayout(sheet=sheet, header_row=index, names=tuple(names))

    def column_names(self, ref: SourceRef) -> list[str]:
        return list(self.layout(ref).names)

    def scan(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.LazyFrame:
        layout = self.layout(ref)
        workbook, _ = self._sheet(ref)
        wanted = list(layout.names) if columns is None else list(columns)
        positions = [layout.names.index(c) for c in wanted]
        if not positions:
            return pl.LazyFrame(schema=dict.fromkeys(wanted, pl.String))
        sheet = workbook.load_sheet(
            layout.sheet,
            header_row=None,
            skip_rows=layout.header_row + 1,
            use_columns=positions,
            dtypes="string",
        )
        loaded: pl.DataFrame = sheet.to_polars()
        # fastexcel names columns by position; the header's names replace them.
        frame = loaded.select(pl.all().cast(pl.String))
        frame.columns = [layout.names[p] for p in positions][: frame.width]
        missing = [c for c in wanted if c not in frame.columns]
        if missing:  # columns past the last cell holding data
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in missing)
        return frame.select(wanted).lazy()

    def details(self, ref: SourceRef) -> dict[str, Any]:
        layout = self.layout(ref)
        return {"header_row": layout.header_row + 1} if layout.header_row else {}


_LAYOUTS: PerFileVersion[SheetLayout] = PerFileVersion()
