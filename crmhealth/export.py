"""The export stage: each check's failing records, streamed from the sources on demand.

The executor keeps only the failing rows' positions and reasons (and check-specific columns such
as a duplicate's ``group``). When a fix list is written, the stage reads the table again with
every column, keeps only the rows some check names, and joins them to each check's reasons, so
the whole table is never held with all its columns during the audit.

Each batch has ``row`` (the 1-based data row in the source), ``reason``, the table's original
columns, then the check's own columns. A name that clashes with an original column gets the
prefix ``crmhealth_``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import polars as pl

from crmhealth.checks.plan import FixRows
from crmhealth.sources import Table

BATCH_ROWS = 100_000


class ExportStage:
    """:class:`crmhealth.report.base.FixLists` over an audit's fix rows."""

    def __init__(
        self,
        fix_rows: Mapping[str, FixRows],
        order: list[str],
        load_all: Callable[[str], Table],
    ) -> None:
        self._fix_rows = fix_rows
        self._order = [check for check in order if check in fix_rows]
        self._load_all = load_all
        self._cached: tuple[str, pl.DataFrame] | None = None

    def checks(self) -> list[str]:
        return list(self._order)

    def _originals(self, table: str) -> pl.DataFrame:
        """Every column of the rows that any check's fix list names in `table` (one read per
        table, kept while its fix lists are written)."""
        if self._cached is not None and self._cached[0] == table:
            return self._cached[1]
        wanted = pl.concat(
            [f.rows.get_column("row") for f in self._fix_rows.values() if f.table == table]
        ).unique()
        frame = (
            self._load_all(table)
            .frame.lazy()
            .with_row_index("\x00row")
            .filter(pl.col("\x00row").is_in(wanted.cast(pl.UInt32).implode()))
            .collect()
        )
        self._cached = (table, frame)
        return frame

    def batches(self, check_id: str) -> Iterator[pl.DataFrame]:
        fix = self._fix_rows[check_id]
        rows = fix.rows.with_columns(pl.col("row").cast(pl.UInt32))
        extra = [c for c in rows.columns if c not in ("row", "reason")]
        if fix.table is None:
            originals: list[str] = []
            joined = rows.with_columns((pl.col("row") + 1).alias("row"))
        else:
            source = self._originals(fix.table)
            originals = [c for c in source.columns if c != "\x00row"]
            joined = rows.join(
                source, left_on="row", right_on="\x00row", how="left", maintain_order="left"
            ).with_columns((pl.col("row") + 1).alias("row"))
        ours = {"row": "row", "reason": "reason", **{c: c for c in extra}}
        renamed = {name: (f"crmhealth_{name}" if name in originals else name) for name in ours}
        if fix.table is None:
            renamed = {name: name for name in ours}
        shaped = joined.rename(
            {old: new for old, new in renamed.items() if old != new and old in joined.columns}
        ).select(
            renamed["row"],
            renamed["reason"],
            *originals,
            *(renamed[c] for c in extra),
        )
        for offset in range(0, max(shaped.height, 1), BATCH_ROWS):
            batch = shaped.slice(offset, BATCH_ROWS)
            if batch.height:
                yield batch
