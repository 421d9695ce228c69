"""Text encodings of real CRM exports: UTF-8 (with or without Excel's BOM), GBK/GB18030 from
Chinese Windows, and whatever else charset-normalizer recognises."""

from __future__ import annotations

import codecs
import os
import tempfile
import threading
from pathlib import Path

from crmhealth.errors import UserError

SAMPLE_BYTES = 1 << 20
_CHINESE_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "hz_gb_2312", "cp936"}


def _decodes(sample: bytes, encoding: str, complete: bool) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def canonical_encoding(name: str) -> str:
    """The Python codec name for `name`; GBK and GB2312 widen to GB18030, their superset."""
    codec = codecs.lookup(name).name
    return "gb18030" if codec in _CHINESE_FAMILY else codec


def detect_encoding(path: Path, sample: bytes | None = None, errors: str = "strict") -> str:
    """Guess a text file's encoding from its first MiB: ``utf-8`` (BOM or not), else GB18030 if
    it decodes (GBK exports), else charset-normalizer's best guess. UserError when nothing fits;
    a source's ``encoding:`` overrides the guess (e.g. cp1252 for a Western Windows export).

    Text that is UTF-8 or GB18030 except for a few bytes is a UserError naming the line and byte
    offset of the first bad byte, unless `errors` is ``replace`` (then that encoding is used)."""
    if sample is None:
        with path.open("rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
    complete = len(sample) < SAMPLE_BYTES
    if sample.startswith(codecs.BOM_UTF8) or _decodes(sample, "utf-8", complete):
        return "utf-8"
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if sample.startswith(bom):  # Excel's "Unicode text" export
            return encoding
    if b"\x00" in sample:
        raise UserError(
            "this looks like a binary file, not text; export the table as CSV, or set "
            "`encoding:` if it is UTF-16 without a byte-order mark",
            str(path),
        )
    for family in ("utf-8", "gb18030"):
        # Chinese Windows exports (GBK) are the common non-UTF-8 case; charset-normalizer often
        # calls short Chinese text Korean or Big5, so GB18030 (a superset of GBK) goes first.
        if family == "gb18030" and _decodes(sample, family, complete):
            return family
        # A file that is UTF-8 (or GB18030) but for a few bytes must not be read as another
        # encoding: UTF-8 Chinese often decodes as GB18030, and single-byte code pages decode
        # anything, turning every Chinese value into garbage. Say where the damage is, or read
        # it with replacements when asked to.
        offset = damage_offset(sample, family, complete)
        if offset is not None:
            if errors == "replace":
                return family
            raise damaged_error(path, family, offset, sample[:offset].count(b"\n") + 1)
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is not None:
        guess = canonical_encoding(best.encoding)
        if _decodes(sample, guess, complete):
            return guess
    raise UserError(
        "cannot tell this file's text encoding; add `encoding:` to its source "
        "(for example utf-8, gbk, big5, latin-1)",
        str(path),
    )


def damage_offset(data: bytes, encoding: str, complete: bool) -> int | None:
    """Offset of the first undecodable byte when `data` is `encoding` text but for a few bytes;
    else None.

    UTF-8 is strict enough that twice as many well-formed non-ASCII characters as bad sequences
    settle it (GBK or Korean text read as UTF-8 gives about one good one per ten bad, single-byte
    code pages none). GB18030 accepts most byte pairs, so it needs twenty per bad sequence."""
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(data, final=complete)
    bad = text.count("\ufffd")
    if not bad:
        return None
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if good < (2 if codecs.lookup(encoding).name == "utf-8" else 20) * bad:
        return None
    try:
        codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=complete)
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def damaged_error(path: Path, encoding: str, offset: int, line: int) -> UserError:
    """The error for a file that is `encoding` text except at byte `offset` (on `line`)."""
    name = "UTF-8" if encoding == "utf-8" else encoding.upper()
    return UserError(
        f"cannot read as CSV (line {line}, byte offset {offset}: bytes that are not valid "
        f"{name} in a file that is otherwise {name}); repair the export, or add "
        f"`encoding: {encoding}` and `errors: replace` to the source to read each bad byte as "
        "U+FFFD (counted in the table's details)",
        str(path),
    )


def first_bad_byte(path: Path, encoding: str) -> tuple[int, int] | None:
    """(byte offset, 1-based line) of the first byte of `path` that is not `encoding` text."""
    strict = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset, line = 0, 1
    with path.open("rb") as handle:
        while chunk := handle.read(SAMPLE_BYTES):
            pending = strict.getstate()[0]  # a character cut by the previous chunk's end
            try:
                strict.decode(chunk)
            except UnicodeDecodeError as exc:
                start = exc.start - len(pending)
                return offset + start, line + chunk[: max(start, 0)].count(b"\n")
            offset += len(chunk)
            line += chunk.count(b"\n")
        try:
            strict.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset, line
    return None


def transcode_to_utf8(path: Path, encoding: str, errors: str = "strict") -> tuple[Path, int]:
    """Copy `path` to a temporary UTF-8 file (the caller deletes it); the input is only read.
    Returns the copy and how many bad byte sequences were replaced by U+FFFD.

    With `errors` ``strict`` a byte sequence invalid in `encoding` raises UserError naming the
    line it is on; with ``replace`` it becomes U+FFFD and is counted.
    """
    _REPLACED.count = 0
    decoder = codecs.getincrementaldecoder(encoding)(
        errors=_COUNTING_REPLACE if errors == "replace" else "strict"
    )
    handle, temp_name = tempfile.mkstemp(prefix="crmhealth-", suffix=".csv")
    line, offset = 1, 0
    try:
        with path.open("rb") as source, os.fdopen(handle, "wb") as target:
            while chunk := source.read(SAMPLE_BYTES):
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    line += chunk[: exc.start].count(b"\n")
                    raise UserError(
                        f"cannot read as CSV (line {line}, byte offset {offset + exc.start}: "
                        f"bytes that are not valid {encoding} text); set the source's "
                        "`encoding:` to the file's real encoding, or add `errors: replace` to "
                        "read them as U+FFFD",
                        str(path),
                    ) from None
                line += chunk.count(b"\n")
                offset += len(chunk)
                target.write(text.encode("utf-8"))
            try:
                target.write(decoder.decode(b"", final=True).encode("utf-8"))
            except UnicodeDecodeError:
                raise UserError(
                    f"cannot read as CSV (line {line}, byte offset {offset}: the file ends in "
                    f"the middle of a {encoding} character); add `errors: replace` to read it",
                    str(path),
                ) from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return Path(temp_name), int(_REPLACED.count)


_REPLACED = threading.local()
_COUNTING_REPLACE = "crmhealth-counting-replace"


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    """Like ``errors="replace"``, counting the replacements of this thread's transcoding."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _REPLACED.count = getattr(_REPLACED, "count", 0) + 1
    return "\ufffd", exc.end


codecs.register_error(_COUNTING_REPLACE, _count_and_replace)
