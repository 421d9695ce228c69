"""Text encodings of real CRM exports: UTF-8 (with or without Excel's BOM), GBK/GB18030 from
Chinese Windows, and whatever else charset-normalizer recognises."""

from __future__ import annotations

import codecs
import os
import tempfile
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


def detect_encoding(path: Path, sample: bytes | None = None) -> str:
    """Guess a text file's encoding from its first MiB: ``utf-8`` (BOM or not), else GB18030 if
    it decodes (GBK exports), else charset-normalizer's best guess. UserError when nothing fits;
    a source's ``encoding:`` overrides the guess (e.g. cp1252 for a Western Windows export)."""
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
    if _decodes(sample, "gb18030", complete):
        # Chinese Windows exports (GBK) are the common non-UTF-8 case; charset-normalizer often
        # calls short Chinese text Korean or Big5, so GB18030 (a superset of GBK) goes first.
        return "gb18030"
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


def transcode_to_utf8(path: Path, encoding: str) -> Path:
    """Copy `path` to a temporary UTF-8 file (the caller deletes it); the input is only read.

    A byte sequence invalid in `encoding` raises UserError naming the line it is on.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    handle, temp_name = tempfile.mkstemp(prefix="crmhealth-", suffix=".csv")
    line = 1
    try:
        with path.open("rb") as source, os.fdopen(handle, "wb") as target:
            while chunk := source.read(SAMPLE_BYTES):
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    line += chunk[: exc.start].count(b"\n")
                    raise UserError(
                        f"line {line}: bytes that are not valid {encoding} text; set the source's "
                        "`encoding:` to the file's real encoding",
                        str(path),
                    ) from None
                line += chunk.count(b"\n")
                target.write(text.encode("utf-8"))
            target.write(decoder.decode(b"", final=True).encode("utf-8"))
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return Path(temp_name)
