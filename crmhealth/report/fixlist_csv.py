"""Fix lists as CSV files: ``DIR/<check-id>.csv`` with the failing records of each check.

Written as UTF-8 with a BOM so Excel opens Chinese text correctly; a value that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@`` followed by more than a number) is prefixed
with ``'``. Values are the user's own data and are not masked.

The folder is written all or nothing: into a temporary folder beside ``DIR``, then moved into
place, so a refusal or a crash leaves the previous export as it was, and a re-run never leaves
stale fix lists behind. A non-empty folder that crmhealth did not write is never replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import polars as pl

from crmhealth.errors import UserError
from crmhealth.report.base import FixLists

MARKER = ".crmhealth-export"
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
# A leading formula trigger, unless the value is only a (signed, formatted) number or phone.
_FORMULA = r"^[=+\-@\t\r]"
_NUMBER_LIKE = r"^[+\-]?[0-9 ().,\-/]*$"


def file_name(check_id: str) -> str:
    """A safe file name for a check id; an id that had to be changed gets a short hash of the
    original, so ``a/b`` and ``a_b`` never write the same file."""
    safe = _UNSAFE_NAME.sub("_", check_id).strip(". ")
    if safe != check_id or not safe:
        safe = f"{safe}-{hashlib.sha1(check_id.encode('utf-8')).hexdigest()[:8]}"
    return safe + ".csv"


def _defused(text: str) -> str:
    risky = re.match(_FORMULA, text) and not re.match(_NUMBER_LIKE, text)
    return "'" + text if risky else text


def defuse_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix ``'`` to text values, and column names, a spreadsheet would evaluate as formulas."""
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype == pl.String:
            risky = col.str.contains(_FORMULA) & ~col.str.contains(_NUMBER_LIKE)
            col = pl.when(risky).then(pl.lit("'") + col).otherwise(col)
        exprs.append(col.alias(_defused(name)))
    return frame.select(exprs)


def check_export_target(directory: Path) -> None:
    """Refuse, before the audit runs, a target that is a file or a foreign folder."""
    if directory.exists() and not directory.is_dir():
        raise UserError(
            "--export needs a folder, and this is a file; name a new or existing folder",
            str(directory),
        )
    if directory.is_dir() and not (directory / MARKER).exists() and any(directory.iterdir()):
        raise UserError(
            "--export would replace a folder that crmhealth did not write and that is not "
            "empty; name a new or empty folder",
            str(directory),
        )


def write_fix_lists(
    fix_lists: FixLists, directory: Path, protected: frozenset[Path] = frozenset()
) -> list[Path]:
    """Write one CSV per check with failing records into `directory`, all or nothing; returns
    the files written. Nothing is written over a file in `protected` (the audit's inputs)."""
    check_export_target(directory)
    parent = directory.resolve().parent
    for path in protected:
        if path.parent == directory.resolve():
            raise UserError(
                "--export would replace a folder holding an input of the audit; export to "
                "another folder",
                str(directory),
            )
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=parent))
    except OSError as exc:
        raise UserError(f"cannot write the fix lists: {exc.strerror}", str(directory)) from None
    written = []
    try:
        (staging / MARKER).write_text("written by crmhealth --export\n", encoding="utf-8")
        for check_id in fix_lists.checks():
            name = file_name(check_id)
            with (staging / name).open("w", encoding="utf-8-sig", newline="") as handle:
                for number, batch in enumerate(fix_lists.batches(check_id)):
                    handle.write(defuse_formulas(batch).write_csv(include_header=number == 0))
            written.append(directory / name)
        _swap_into_place(staging, directory)
    except OSError as exc:
        raise UserError(f"cannot write the fix lists: {exc.strerror}", str(directory)) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return written


def _swap_into_place(staging: Path, directory: Path) -> None:
    """Replace `directory` by `staging` with renames: the old export stays whole until the new
    one is complete."""
    os.chmod(staging, 0o777 & ~_umask())
    if not directory.exists():
        os.replace(staging, directory)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old.", dir=staging.parent))
    os.rmdir(retired)
    os.replace(directory, retired)
    try:
        os.replace(staging, directory)
    except BaseException:
        os.replace(retired, directory)
        raise
    with contextlib.suppress(OSError):
        shutil.rmtree(retired)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
