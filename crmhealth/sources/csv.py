"""CSV/TSV exports, in any common encoding, read as text with Polars."""

from __future__ import annotations

import codecs
import csv
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from crmhealth.errors import UserError
from crmhealth.sources.base import SourceRef
from crmhealth.sources.encoding import (
    SAMPLE_BYTES,
    canonical_encoding,
    detect_encoding,
    transcode_to_utf8,
)

_DELIMITERS = (",", ";", "\t", "|")


def _first_line(sample: bytes, encoding: str) -> str:
    text = sample.decode(encoding, errors="replace")
    return text.lstrip("\ufeff").split("\n", 1)[0]


def sniff_delimiter(header: str, path: Path) -> str:
    """The delimiter of a header line: tab for .tsv, else the most frequent of , ; tab |."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


@dataclass(frozen=True)
class _Inspection:
    encoding: str
    delimiter: str
    columns: list[str]


@functools.lru_cache(maxsize=64)
def _inspect(
    path: Path, size: int, mtime_ns: int, encoding: str | None, delimiter: str | None
) -> _Inspection:
    """Encoding, delimiter and header of a file, worked out once per file version (the audit
    asks for them while validating, planning and loading)."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if not sample.strip():
        raise UserError("the file is empty", str(path))
    chosen = canonical_encoding(encoding) if encoding else detect_encoding(path, sample)
    header = _first_line(sample, chosen)
    separator = delimiter or sniff_delimiter(header, path)
    columns = pl.read_csv(
        header.encode("utf-8"), separator=separator, infer_schema=False, n_rows=0
    ).columns
    return _Inspection(encoding=chosen, delimiter=separator, columns=columns)


class CsvLoader:
    """Reads delimited text files; non-UTF-8 files are transcoded to a temporary copy first."""

    def _prepare(self, ref: SourceRef) -> _Inspection:
        if not ref.path.is_file():
            raise UserError(f"source '{ref.name}': file not found: {ref.path}", ref.where)
        stat = ref.path.stat()
        try:
            return _inspect(
                ref.path, stat.st_size, stat.st_mtime_ns, ref.spec.encoding, ref.spec.delimiter
            )
        except UserError as error:
            raise UserError(f"source '{ref.name}': {error.message}", error.where) from None

    def column_names(self, ref: SourceRef) -> list[str]:
        return list(self._prepare(ref).columns)

    def load(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.DataFrame:
        inspection = self._prepare(ref)
        encoding, delimiter = inspection.encoding, inspection.delimiter
        if codecs.lookup(encoding).name == "utf-8":
            try:
                return self._read(ref, ref.path, delimiter, columns)
            except pl.exceptions.ComputeError as exc:
                if "utf-8" not in str(exc).lower() or ref.spec.encoding:
                    raise self._parse_error(ref, exc) from None
                # The first MiB was UTF-8 but a later part is not: judge the whole file.
                encoding = detect_encoding(ref.path, ref.path.read_bytes())
        temp = transcode_to_utf8(ref.path, encoding)
        try:
            return self._read(ref, temp, delimiter, columns)
        except pl.exceptions.ComputeError as exc:
            raise self._parse_error(ref, exc) from None
        finally:
            temp.unlink(missing_ok=True)

    def _read(
        self, ref: SourceRef, path: Path, delimiter: str, columns: Sequence[str] | None
    ) -> pl.DataFrame:
        # Every column is parsed even when only some are wanted: with a projection Polars skips
        # the field-count check, and a row with an unquoted comma would silently shift values.
        try:
            frame = pl.read_csv(path, separator=delimiter, infer_schema=False, encoding="utf8")
        except pl.exceptions.NoDataError:
            raise UserError(
                f"source '{ref.name}': the file has no header row", str(ref.path)
            ) from None
        except pl.exceptions.ComputeError as exc:
            if "more fields" in str(exc):
                raise self._ragged_error(ref, path, delimiter) from None
            raise
        return frame.select(columns) if columns is not None else frame

    @staticmethod
    def _ragged_error(ref: SourceRef, path: Path, delimiter: str) -> UserError:
        """Name the first record with more fields than the header (only on the error path)."""
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            width = len(next(reader, []))
            for record in reader:
                if len(record) > width:
                    return UserError(
                        f"source '{ref.name}': line {reader.line_num} has {len(record)} fields "
                        f"but the header has {width}; a value containing '{delimiter}' or a "
                        "line break must be quoted (re-export the file, or fix that line)",
                        str(ref.path),
                    )
        return UserError(
            f"source '{ref.name}': rows have more fields than the header", str(ref.path)
        )

    @staticmethod
    def _parse_error(ref: SourceRef, exc: Exception) -> UserError:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return UserError(
            f"source '{ref.name}': cannot read as CSV ({first}); check `delimiter:` and "
            "`encoding:` for this source",
            str(ref.path),
        )
