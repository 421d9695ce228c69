"""Atomic output: write beside the target, then rename, so a reader never sees half a file.

A device, a named pipe or ``/dev/stdout`` is written into directly, and a symbolic link's
target is replaced (the link stays). Permissions are those any other tool would give: a new
file gets ``0666`` less the umask (0644 under the usual umask 022), a replaced file keeps its
mode. (The temporary file ``mkstemp`` creates is 0600; it is widened before the rename.)
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO


def _current_umask() -> int:
    # os.umask can only be read by setting it; set it straight back.
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


# Read once, at import (single-threaded): checks later run in threads.
_UMASK = _current_umask()


def output_mode(path: Path) -> int:
    """The permission bits `path` gets: its own if it exists, else 0666 less the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_UMASK


@contextlib.contextmanager
def _replacing(path: Path, mode: str, **options: str | None) -> Iterator[IO[str] | BinaryIO]:
    if path.exists() and not path.is_file():
        # A device, a named pipe or /dev/stdout: there is nothing to replace, and renaming a
        # file over it would destroy it (as root, even /dev/stdout). Write into it instead.
        with open(path, mode, **options) as stream:  # type: ignore[call-overload]
            yield stream
        return
    # A link to a file: replace the file it points at, so the link stays a link.
    path = path.resolve() if path.is_symlink() else path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, output_mode(path))
        with os.fdopen(fd, mode, **options) as handle:  # type: ignore[call-overload]
            yield handle
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_write(
    path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """Open a temporary file in `path`'s folder; on success it replaces `path` in one step."""
    with _replacing(path, mode, encoding=encoding, newline=newline) as handle:
        yield handle  # type: ignore[misc]


@contextlib.contextmanager
def atomic_write_bytes(path: Path) -> Iterator[BinaryIO]:
    """Like :func:`atomic_write`, for a binary stream."""
    with _replacing(path, "wb") as handle:
        yield handle  # type: ignore[misc]
