"""The reporter interface: one small class per output format, registered by name.

A reporter reads an :class:`~crmhealth.results.AuditReport` (and, for formats that list the
records to fix, the run's :class:`FixLists`) and writes bytes to a stream. It never reads
sources, rules or checks. The CLI picks reporters by ``--format`` or by the extension of each
``--output`` file, and writes every file atomically.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, ClassVar, Protocol

from crmhealth.results import AuditReport

if TYPE_CHECKING:
    import polars as pl


class FixLists(Protocol):
    """The failing rows of each check, streamed from the sources on demand (the export stage).

    Each batch has the columns ``row`` (1-based data row in the source), ``reason`` (what is
    wrong), any check-specific columns (``group``, ``score``...) and all the table's original
    columns. Values are the user's own data, unmasked.
    """

    def checks(self) -> list[str]:
        """Ids of the checks that have failing rows, in rules-file order."""
        ...

    def batches(self, check_id: str) -> Iterator[pl.DataFrame]:
        """The failing rows of one check, in source order, a bounded batch at a time."""
        ...


@dataclass(frozen=True)
class RenderOptions:
    """What the command line asked of every reporter in this run."""

    show_pii: bool = False
    lang: str = "en"
    quiet: bool = False
    fix_lists: FixLists | None = None
    is_terminal: bool = False  # stdout is a terminal (colours, width)


class Reporter:
    """A report format. Subclasses set the class attributes and implement :meth:`write`."""

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    to_stdout: ClassVar[bool] = True  # may be printed to stdout (binary formats may not)
    needs_fix_lists: ClassVar[bool] = False  # reads RenderOptions.fix_lists (a workbook)

    def write(self, report: AuditReport, options: RenderOptions, out: BinaryIO) -> None:
        raise NotImplementedError
