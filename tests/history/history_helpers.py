"""A tiny CRM export whose figures are countable by eye, audited through the CLI with history."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from audit_helpers import invoke, write_csv

HEADER = ("id", "email", "phone", "owner")


def contacts(n: int, missing_email: int) -> list[list[str | None]]:
    """`n` contacts, the first `missing_email` of them without an email."""
    return [
        [
            str(i),
            None if i <= missing_email else f"user{i}@example.com",
            f"1391234{i:04d}",
            "U1" if i % 2 else "U2",
        ]
        for i in range(1, n + 1)
    ]


def completeness(column: str = "email", **extra: Any) -> dict[str, Any]:
    return {"id": "fields", "type": "completeness", "table": "contacts", "column": column, **extra}


def write_project(
    folder: Path,
    rows: Sequence[Sequence[str | None]],
    checks: Sequence[dict[str, Any]],
    *,
    header: Sequence[str] = HEADER,
    **top: Any,
) -> Path:
    """contacts.csv and rules.yaml in `folder`; the rules file's path."""
    write_csv(folder / "contacts.csv", header, rows)
    rules = {"version": 1, **top, "sources": {"contacts": "contacts.csv"}, "checks": list(checks)}
    path = folder / "rules.yaml"
    path.write_text(yaml.safe_dump(rules, sort_keys=False), encoding="utf-8")
    return path


def audit_json(rules: Path, as_of: str, history: Path, *extra: str) -> dict[str, Any]:
    """Run `crmhealth audit` with --history and --format json; the JSON document."""
    result = invoke(
        "audit", rules, "--as-of", as_of, "--history", history, "--format", "json", *extra
    )
    assert result.exit_code in (0, 1), result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def check_of(document: dict[str, Any], check: str, column: str | None = None) -> dict[str, Any]:
    found = [
        c
        for c in document["checks"]
        if c["check"] == check and (column is None or c["column"] == column)
    ]
    assert len(found) == 1, found
    return found[0]
