"""Writing the rules file: whole or not at all, and never over an existing file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from crmhealth.errors import UserError

_EXISTS = (
    "the file exists and init never overwrites a rules file; choose another name with --output"
)


def write_new_file(path: Path, content: str) -> None:
    """Write `content` to `path` in one step, refusing to replace an existing file (exit 2).

    The text goes to a temporary file beside `path`, which is then hard-linked into place: the
    link fails if `path` appeared meanwhile, and a reader never sees half a file. Where the file
    system has no hard links, `path` is created exclusively instead.
    """
    if path.exists():
        raise UserError(_EXISTS, str(path))
    temp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        temp = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        _link_or_create(temp, path, content)
    except OSError as exc:
        raise UserError(f"cannot write the rules file: {exc.strerror}", str(path)) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def _link_or_create(temp: Path, path: Path, content: str) -> None:
    """Put the finished `temp` at `path` unless something is there by now."""
    try:
        os.link(temp, path)
        return
    except FileExistsError:
        raise UserError(_EXISTS, str(path)) from None
    except OSError:  # no hard links here (some network and FUSE file systems)
        pass
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
    except FileExistsError:
        raise UserError(_EXISTS, str(path)) from None
