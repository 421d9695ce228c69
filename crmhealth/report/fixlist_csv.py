"""Fix lists: for each check with failures, ``DIR/<check-id>.csv`` with the failing rows.

Written as UTF-8 with a BOM so Excel opens Chinese text correctly; a value that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@`` followed by more than a number) is prefixed
with ``'``. Values are the user's own data and are not masked.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import polars as pl

from crmhealth.atomic import atomic_write
from crmhealth.errors import UserError
from crmhealth.results import AuditReport

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


def write_fix_lists(
    report: AuditReport, directory: Path, protected: frozenset[Path] = frozenset()
) -> list[Path]:
    """Write one CSV per check id that has failing rows; returns the files written.

    A fix list never replaces a file in `protected` (the audit's inputs).
    """
    by_check: dict[str, list[pl.DataFrame]] = {}
    for result in report.results:
        if result.fix_rows is not None and result.fix_rows.height:
            by_check.setdefault(result.check, []).append(result.fix_rows)
    if directory.exists() and not directory.is_dir():
        raise UserError(
            "--export needs a folder, and this is a file; name a new or existing folder",
            str(directory),
        )
    written = []
    for check_id, frames in by_check.items():
        rows = frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")
        path = directory / file_name(check_id)
        if path.resolve() in protected:
            raise UserError(
                f"the fix list of check '{check_id}' would overwrite an input of the audit; "
                "export to another folder",
                str(path),
            )
        try:
            with atomic_write(path, encoding="utf-8-sig", newline="") as handle:
                handle.write(defuse_formulas(rows).write_csv())
        except OSError as exc:
            raise UserError(f"cannot write the fix list: {exc.strerror}", str(path)) from None
        written.append(path)
    return written
