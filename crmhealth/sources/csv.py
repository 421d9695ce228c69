"""CSV/TSV exports, in any common encoding, scanned lazily as text with Polars.

A file is worked out once per version: its encoding, delimiter (``sep=;`` first line,
``delimiter:``, or sniffed), where the header is (below title rows, blank lines skipped) and what
its columns are called. Before the scan is handed out, one cheap pass over the lines checks that
every row has as many fields as the header (Polars skips that check when it reads only some
columns, so an unquoted comma would silently shift values) and that the bytes are text.
"""

from __future__ import annotations

import atexit
import codecs
import csv
import mmap
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from crmhealth.errors import UserError
from crmhealth.sources.base import PerFileVersion, SourceRef, require_file
from crmhealth.sources.encoding import (
    SAMPLE_BYTES,
    canonical_encoding,
    damaged_error,
    detect_encoding,
    first_bad_byte,
    transcode_to_utf8,
)
from crmhealth.sources.headers import column_names, find_header

_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 30
_CR = "\ue000"  # stands for a lone carriage return while the csv module reads
_EXCEL_SEP = re.compile(r'^"?sep=(.)"?[,;\t|]*\r?$')


def sniff_delimiter(lines: Sequence[str], path: Path) -> str:
    """The delimiter of the first lines: tab for .tsv, else the one of , ; tab | under which
    the most rows after the header row (below any title rows) are as wide as the header, which
    has more than one column (then the widest header). A file whose header has none of them is
    read with ','."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    sample = [line for line in lines if line.strip()][:_SNIFF_LINES]
    best, best_score = ",", (0, 0)
    for candidate in _DELIMITERS:
        records = [r for r in csv.reader(sample, delimiter=candidate) if r]
        if not records:
            continue
        header = find_header(records)
        width = len(records[header])
        below = records[header + 1 :]
        fitting = sum(len(r) == width for r in below)
        if width < 2 or (below and 2 * fitting <= len(below)) or (not below and header > 0):
            continue
        score = (fitting, width)
        if score > best_score:
            best, best_score = candidate, score
    return best


@dataclass(frozen=True)
class Layout:
    """How a CSV file is laid out: where its header is and what its columns are called."""

    encoding: str
    delimiter: str
    header_line: int  # 0-based physical line where the header starts
    data_line: int  # 0-based physical line where the data starts
    names: tuple[str, ...]  # the names rules use (cleaned, aliased), in file order


@dataclass(frozen=True)
class Rows:
    """What the line pass found: the file Polars scans (the input, or a UTF-8 copy), how many
    records to read (trailing blank lines excluded) and the repairs made."""

    path: Path
    records: int
    padded: int
    replaced: int
    rows_with_replacements: int


def _records(lines: list[str], delimiter: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, line after the last, fields) of each record of `lines` (blank ones too)."""
    reader = csv.reader(lines, delimiter=delimiter)
    start = 0
    for fields in reader:
        yield start, reader.line_num, fields
        start = reader.line_num


def _layout(path: Path, ref: SourceRef) -> Layout:
    """Encoding, delimiter and header of a file, worked out once per file version (the audit
    asks for them while validating, planning and loading)."""
    spec = ref.spec
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if not sample.strip():
        raise UserError("the file is empty", str(path))
    encoding = (
        canonical_encoding(spec.encoding)
        if spec.encoding
        else detect_encoding(path, sample, spec.errors)
    )
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample)
    lines = text.removeprefix("\ufeff").split("\n")
    if len(sample) == SAMPLE_BYTES:
        lines = lines[:-1]  # the last line may be cut short
    # Lines end at "\n" as Polars reads them; a lone "\r" is text there but would end a line
    # for the csv module, so it is masked while the first lines are taken apart.
    lines = [line.removesuffix("\r").replace("\r", _CR) for line in lines]
    if not "".join(lines).strip():
        raise UserError("the file is empty: it has no header row, only blank lines", str(path))
    first = 0
    excel_sep = _EXCEL_SEP.match(lines[0])
    delimiter = spec.delimiter
    if excel_sep:  # Excel's "sep=;" line says the delimiter and is not part of the table
        first, delimiter = 1, delimiter or excel_sep.group(1)
    if delimiter is None:
        delimiter = sniff_delimiter(lines[first:], path)
    records = list(_records(lines[first:], delimiter))
    wanted = spec.header_line()
    if wanted is not None:
        chosen = [r for r in records if r[0] + first == wanted - 1]
        if not chosen or not any(c.strip() for c in chosen[0][2]):
            raise UserError(
                f"source '{ref.name}': line {wanted} (`header_row:`/`skip_rows:`) is not the "
                "start of a header row",
                str(path),
            )
        header = chosen[0]
    else:
        head = records[: _SNIFF_LINES + 20]
        header = head[find_header([r[2] for r in head])]
    cells = [cell.replace(_CR, "\r") for cell in header[2]]
    names = column_names(cells, spec.columns, ref.name, ref.where, str(path))
    return Layout(
        encoding=encoding,
        delimiter=delimiter,
        header_line=header[0] + first,
        data_line=header[1] + first,
        names=tuple(names),
    )


_TEMP_FILES: list[Path] = []


@atexit.register
def _remove_temp_files() -> None:
    for temp in _TEMP_FILES:
        temp.unlink(missing_ok=True)


def _rows(path: Path, ref: SourceRef, layout: Layout) -> Rows:
    """Check every row's field count once per file version, transcoding to UTF-8 first when
    the file is in another encoding (the copy lives until the process ends: the lazy scans
    read it when they are collected)."""
    spec = ref.spec
    encoding, replaced = layout.encoding, 0
    if codecs.lookup(encoding).name == "utf-8" and spec.errors == "strict":
        try:
            return _count_fields(path, ref, layout, path, 0)
        except pl.exceptions.ComputeError as exc:
            if "utf-8" not in str(exc).lower() and "utf8" not in str(exc).lower():
                raise
            bad = first_bad_byte(path, "utf-8")
            if bad is None:
                raise
            if spec.encoding:
                raise damaged_error(path, "utf-8", *bad) from None
            # The first MiB was UTF-8 but a later part is not: judge the whole file.
            encoding = detect_encoding(path, path.read_bytes(), spec.errors)
    temp, replaced = transcode_to_utf8(path, encoding, spec.errors)
    _TEMP_FILES.append(temp)
    return _count_fields(temp, ref, layout, path, replaced)


def _bytes_present(path: Path, wanted: tuple[bytes, ...]) -> set[bytes]:
    """Which of the single bytes `wanted` occur in the file (memchr-speed scans of a read-only
    memory map, no copy)."""
    if path.stat().st_size == 0:
        return set()
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
        return {b for b in wanted if view.find(b) != -1}


def _count_fields(target: Path, ref: SourceRef, layout: Layout, path: Path, replaced: int) -> Rows:
    """The line pass over a UTF-8 file: one Polars scan of whole lines counting delimiters.

    Quotes are looked at only in a file that has them: there, delimiters inside quoted values
    are not counted, and a quote left open at a line's end (a value spanning lines) sends the
    file through Python's csv reader instead, slower but exact."""
    present = _bytes_present(target, (b"\x1f", b'"'))
    figures = None
    if b"\x1f" not in present:  # the pass's own field separator: else Python splits lines
        figures = _line_figures(target, layout, quoted=b'"' in present, replaced=replaced)
    found = figures if figures is not None else _count_fields_slowly(target, layout)
    if found["first_long"] is not None:
        raise _ragged_error(
            ref, path, layout, layout.data_line + found["first_long"] + 1, found["long_fields"]
        )
    if found["short"] and ref.spec.ragged != "pad":
        raise _ragged_error(
            ref, path, layout, layout.data_line + found["first_short"] + 1, found["short_fields"]
        )
    if figures is None:
        rows = int(found["records"]) + int(found["trailing_blank"])
        _polars_agrees(target, ref, layout, path, rows)
    return Rows(
        path=target,
        records=int(found["records"]),
        padded=int(found["short"]),
        replaced=replaced,
        rows_with_replacements=int(found["replaced_rows"]) if replaced else 0,
    )


def _line_figures(
    target: Path, layout: Layout, *, quoted: bool, replaced: int
) -> dict[str, Any] | None:
    """Field counts per line from Polars, then the figures the line pass needs; None when a
    quoted value spans lines."""
    line = pl.col("l")
    per_line = [
        line.str.count_matches(layout.delimiter, literal=True)
        .fill_null(0)
        .cast(pl.UInt32)
        .alias("fields"),
        (line.is_null() | (line == "") | (line == "\r")).alias("blank"),
    ]
    sep = re.escape(layout.delimiter)
    quoted_cell = r'"[^"]*"(?:"[^"]*")*'  # a value in quotes ("" inside is one quote)
    plain_cell = rf'[^"{sep}]*'  # a value without quotes
    if quoted:
        # Counting delimiters is exact on a line whose every value is either without quotes
        # or quoted without a delimiter inside; one regular expression finds the other lines
        # (a delimiter inside quotes, a quote inside a value, a value spanning lines), and only
        # those are looked at closer.
        simple_cell = rf'(?:"[^"{sep}]*"(?:"[^"{sep}]*")*|{plain_cell})'
        simple_line = rf"^{simple_cell}(?:{sep}{simple_cell})*\r?$"
        per_line.append(pl.when(~line.str.contains(simple_line)).then(line))
    if replaced:
        per_line.append(line.str.contains("\ufffd", literal=True).alias("replaced"))
    lines = (
        pl.scan_csv(
            target,
            has_header=False,
            separator="\x1f",
            quote_char=None,
            skip_lines=layout.data_line,
            schema={"l": pl.String},
            truncate_ragged_lines=True,
            raise_if_empty=False,
            encoding="utf8",
        )
        .select(per_line)
        .collect(engine="streaming")
    )
    if quoted:
        # A line of well-formed values, some quoted with delimiters inside (quotes only at a
        # value's start, as Polars reads them) is counted below. Anything else (a quote inside
        # an unquoted value, text after a closing quote, a value spanning lines) goes to the
        # exact, slower path.
        cell = f"(?:{quoted_cell}|{plain_cell})"
        closer = lines.get_column("l").drop_nulls()
        if not closer.str.contains(rf"^{cell}(?:{sep}{cell})*\r?$").all():
            return None
        # On such a line every quote opens or closes a quoted value: drop those, then count.
        unquoted = pl.col("l").str.replace_all(quoted_cell, "")
        lines = lines.with_columns(
            pl.when(pl.col("l").is_not_null())
            .then(unquoted.str.count_matches(layout.delimiter, literal=True).cast(pl.UInt32))
            .otherwise(pl.col("fields"))
            .alias("fields")
        )
    width = len(layout.names)
    fields = pl.col("fields") + 1
    blank = pl.col("blank")
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    inside = index <= index.filter(~blank).max()  # trailing blank lines are not records
    short = inside & ((fields < width) | blank) if width > 1 else pl.lit(False)
    long = fields > width
    figures = lines.select(
        (index.filter(~blank).max() + 1).fill_null(0).alias("records"),
        short.sum().alias("short"),
        index.filter(short).first().alias("first_short"),
        fields.filter(short).first().alias("short_fields"),
        index.filter(long).first().alias("first_long"),
        fields.filter(long).first().alias("long_fields"),
        (pl.col("replaced").sum() if replaced else pl.lit(0)).alias("replaced_rows"),
    )
    return figures.row(0, named=True)


def _polars_agrees(target: Path, ref: SourceRef, layout: Layout, path: Path, lines: int) -> None:
    """After Python's csv reader counted the fields of a file with unusual quoting, make sure
    Polars reads as many rows (`lines`: records and trailing blank lines) from it, parsing
    every value (so the scans handed out cannot fail later); UserError otherwise."""
    scan = pl.scan_csv(
        target,
        has_header=False,
        separator=layout.delimiter,
        skip_lines=layout.data_line,
        schema=dict.fromkeys(layout.names, pl.String),
        missing_columns="insert",
        raise_if_empty=False,
        encoding="utf8",
    )
    try:
        counted = scan.select(pl.all().null_count().sum(), pl.len().alias("\x00rows")).collect()
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(
            f"source '{ref.name}': cannot read as CSV ({first}); a quote inside a value must "
            'be doubled and the value quoted ("5"" screen"), re-export the file',
            str(path),
        ) from None
    if counted.get_column("\x00rows").item() != lines:
        raise UserError(
            f"source '{ref.name}': cannot read as CSV: its quotes do not pair up (a quote inside "
            'a value must be doubled and the value quoted: "5"" screen"); re-export the file',
            str(path),
        )


def _count_fields_slowly(target: Path, layout: Layout) -> dict[str, Any]:
    """The line pass's figures from Python's csv reader, for files with multi-line values."""
    width = len(layout.names)
    records = short = replaced_rows = 0
    first_short = short_fields = first_long = long_fields = None
    pending_blank: list[int] = []
    with target.open("rb") as handle:
        for _ in range(layout.data_line):
            handle.readline()
        # Lines end at "\n" only, as Polars reads them; a lone "\r" inside a value is text to
        # Polars but ends a line for the csv module, so it is masked while counting.
        lines = (raw.decode("utf-8").replace("\r\n", "\n").replace("\r", _CR) for raw in handle)
        reader = csv.reader(lines, delimiter=layout.delimiter)
        start = 0
        for number, record in enumerate(reader):
            if not record:
                pending_blank.append(start)
                start = reader.line_num
                continue
            for blank in pending_blank:  # blank lines inside the data are short rows
                if width > 1:
                    short += 1
                    if first_short is None:
                        first_short, short_fields = blank, 1
            pending_blank.clear()
            records = number + 1
            if len(record) > width and first_long is None:
                first_long, long_fields = start, len(record)
            elif len(record) < width:
                short += 1
                if first_short is None:
                    first_short, short_fields = start, len(record)
            replaced_rows += any("\ufffd" in value for value in record)
            start = reader.line_num
    return {
        "records": records,
        "short": short,
        "first_short": first_short,
        "short_fields": short_fields,
        "first_long": first_long,
        "long_fields": long_fields,
        "replaced_rows": replaced_rows,
        "trailing_blank": len(pending_blank),
    }


def _ragged_error(ref: SourceRef, path: Path, layout: Layout, line: int, fields: int) -> UserError:
    width = len(layout.names)
    if fields > width:
        return UserError(
            f"source '{ref.name}': line {line} has {fields} fields but the header has {width}; "
            f"a value containing '{layout.delimiter}' or a line break must be quoted (re-export "
            "the file, or fix that line)",
            str(path),
        )
    return UserError(
        f"source '{ref.name}': line {line} has {fields} field{'s' if fields != 1 else ''} but "
        f"the header has {width}; re-export the file, fix that line, or add `ragged: pad` to "
        "the source to read the missing fields as empty (padded rows are counted)",
        str(path),
    )


_LAYOUTS: PerFileVersion[Layout] = PerFileVersion()
_ROWS: PerFileVersion[Rows] = PerFileVersion()


class CsvLoader:
    """Scans delimited text files; non-UTF-8 files are transcoded to a temporary copy first."""

    def layout(self, ref: SourceRef) -> Layout:
        require_file(ref)
        try:
            return _LAYOUTS.get(ref, lambda: _layout(ref.path, ref))
        except UserError as error:
            if error.message.startswith("source '"):
                raise
            raise UserError(f"source '{ref.name}': {error.message}", error.where) from None

    def _rows(self, ref: SourceRef) -> Rows:
        layout = self.layout(ref)
        try:
            return _ROWS.get(ref, lambda: _rows(ref.path, ref, layout))
        except UserError as error:
            if error.message.startswith("source '"):
                raise
            raise UserError(f"source '{ref.name}': {error.message}", error.where) from None
        except pl.exceptions.PolarsError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise UserError(
                f"source '{ref.name}': cannot read as CSV ({first}); check `delimiter:` and "
                "`encoding:` for this source",
                str(ref.path),
            ) from None

    def column_names(self, ref: SourceRef) -> list[str]:
        # The rows are checked here too (once per file version), so `validate` refuses what
        # the audit would refuse: a ragged row, bytes that are not text.
        self._rows(ref)
        return list(self.layout(ref).names)

    def scan(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.LazyFrame:
        layout = self.layout(ref)
        rows = self._rows(ref)
        frame = pl.scan_csv(
            rows.path,
            has_header=False,
            separator=layout.delimiter,
            skip_lines=layout.data_line,
            schema=dict.fromkeys(layout.names, pl.String),
            n_rows=rows.records,
            missing_columns="insert",
            raise_if_empty=False,
            encoding="utf8",
        )
        return frame.select(columns) if columns is not None else frame

    def details(self, ref: SourceRef) -> dict[str, Any]:
        layout, rows = self.layout(ref), self._rows(ref)
        details: dict[str, Any] = {}
        if layout.header_line:
            details["header_line"] = layout.header_line + 1
        if rows.padded:
            details["padded_rows"] = rows.padded
        if rows.replaced:
            details["replaced_bytes"] = rows.replaced
            details["rows_with_replaced_characters"] = rows.rows_with_replacements
        return details
