"""Helpers for the tests I own: tiny CSV tables, rules files written as text, and the CLI runner.

CSV cells are always quoted, so ``""`` (an empty string) and an unquoted empty field (``None``,
read as null) stay distinct, as they are in real exports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from crmhealth.cli import app

Rows = Sequence[Sequence[Any]]


def csv_text(columns: Sequence[str], rows: Rows, delimiter: str = ",") -> str:
    """CSV text with every value quoted; None becomes an empty (null) field."""

    def field(value: Any) -> str:
        return "" if value is None else '"' + str(value).replace('"', '""') + '"'

    lines = [delimiter.join(columns)]
    lines += [delimiter.join(field(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def write_csv(
    path: Path,
    columns: Sequence[str],
    rows: Rows,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    path.write_bytes(csv_text(columns, rows, delimiter).encode(encoding))
    return path


def write_rules(
    folder: Path,
    sources: Mapping[str, Any],
    checks: Sequence[Mapping[str, Any]],
    *,
    name: str = "rules.yaml",
    **top: Any,
) -> Path:
    """A rules file (version 1) with `top`-level keys such as as_of and region."""
    document: dict[str, Any] = {"version": 1, **top, "sources": dict(sources)}
    document["checks"] = [dict(c) for c in checks]
    path = folder / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def invoke(*args: str | Path) -> Any:
    """Run the typer app in-process; stdout and stderr are kept apart."""
    runner = CliRunner()
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def position(path: Path, line_start: str, at: str | None = None) -> str:
    """``path:line:col`` of the first line whose text (after indentation) starts with
    `line_start`: where errors must point. The column is that of the line's first character, or
    of `at` within the line."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith(line_start):
            column = line.index(at) if at is not None else len(line) - len(line.lstrip())
            return f"{path}:{number}:{column + 1}"
    raise AssertionError(f"{line_start!r} not in {path}")
