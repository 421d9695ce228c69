"""Table-driven semantics cases: every file in tests/cases/*.yaml is a list of cases, each a tiny
table, one check and the exact figures its results must have.

Case keys:
  name      unique within the file (the test id is ``file::name``)
  table     ``columns`` + ``rows`` (lists; null is an empty CSV field, "" a quoted empty string;
            ``{repeat: N, row: [...]}`` stands for N equal rows), or ``csv`` (the file's text)
  check     the check as a mapping (``table: t`` is added), or as YAML text when the exact
            spelling matters (``values: [yes, no]``)
  top       top-level rules keys (as_of defaults to 2026-11-01, region to CN)
  expect    one mapping per result (a mapping alone for one result), each with at least
            failed, total and status; optionally groups, column, dimension, pass_rate, and
            details (each key given must equal the result's details at that key)
  error     instead of expect: a substring of the UserError loading or running must raise
  xfail     "BUG: ..." for behaviour that breaks the spec (strict: it must still fail)

Cells must be strings, integers or null: a date, float or boolean would be rewritten by YAML
before reaching the CSV, so quote them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from audit_helpers import write_csv

from crmhealth.engine import run_audit
from crmhealth.errors import UserError
from crmhealth.rules import load_rules

CASES_DIR = Path(__file__).resolve().parent.parent / "cases"
CASE_KEYS = {"name", "table", "check", "top", "expect", "error", "xfail"}
RESULT_KEYS = {
    "failed",
    "total",
    "status",
    "groups",
    "column",
    "dimension",
    "pass_rate",
    "details",
}
DEFAULT_TOP = {"as_of": "2026-11-01", "region": "CN"}


def load_cases() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(CASES_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in document["cases"]:
            yield f"{path.stem}::{case['name']}", case


def _params() -> list[Any]:
    params = []
    for case_id, case in load_cases():
        marks = []
        if "xfail" in case:
            marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
        params.append(pytest.param(case, id=case_id, marks=marks))
    return params


def _cell(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"quote the cell {value!r}: YAML read it as {type(value).__name__}")


def _rows(spec: list[Any]) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    for row in spec:
        if isinstance(row, dict):
            rows.extend([[_cell(v) for v in row["row"]]] * row["repeat"])
        else:
            rows.append([_cell(v) for v in row])
    return rows


def _check_text(check: dict[str, Any] | str) -> str:
    """The check as the single item of a YAML list, indented under ``checks:``."""
    if isinstance(check, str):
        body = "table: t\n" + textwrap.dedent(check).strip() + "\n"
    else:
        body = yaml.safe_dump({"table": "t", **check}, allow_unicode=True, sort_keys=False)
    lines = body.splitlines()
    return "\n".join(["  - " + lines[0], *("    " + line for line in lines[1:])]) + "\n"


def write_case(folder: Path, case: dict[str, Any]) -> Path:
    table = case["table"]
    if "csv" in table:
        (folder / "t.csv").write_text(table["csv"], encoding="utf-8")
    else:
        write_csv(folder / "t.csv", table["columns"], _rows(table["rows"]))
    top = {**DEFAULT_TOP, **case.get("top", {})}
    head = yaml.safe_dump({"version": 1, **top}, allow_unicode=True, sort_keys=False)
    text = head + "sources:\n  t: t.csv\nchecks:\n" + _check_text(case["check"])
    path = folder / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    rules_path = write_case(tmp_path, case)
    if "error" in case:
        with pytest.raises(UserError) as raised:
            run_audit(load_rules(rules_path))
        assert case["error"] in str(raised.value)
        return
    report = run_audit(load_rules(rules_path))
    expected = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
    actual = [
        {key: getattr(result, key) for key in RESULT_KEYS - {"status", "details"}}
        | {"status": result.status.value, "details": dict(result.details)}
        for result in report.results
    ]
    assert len(actual) == len(expected), actual
    picked = [
        {k: {d: a[k].get(d) for d in e[k]} if k == "details" else a[k] for k in e}
        for a, e in zip(actual, expected, strict=True)
    ]
    assert picked == expected


def test_every_case_is_well_formed() -> None:
    names = [case_id for case_id, _ in load_cases()]
    assert len(names) == len(set(names)), "case names must be unique within a file"
    for case_id, case in load_cases():
        assert set(case) <= CASE_KEYS, case_id
        assert ("expect" in case) != ("error" in case), case_id
        if "xfail" in case:
            assert case["xfail"].startswith("BUG: "), case_id
        expected = case.get("expect", [])
        for result in expected if isinstance(expected, list) else [expected]:
            assert set(result) <= RESULT_KEYS, case_id
            assert {"failed", "total", "status"} <= set(result), case_id


SPEC_TOPICS = {
    ("completeness", None),
    ("validity", "email"),
    ("validity", "phone"),
    ("validity", "date"),
    ("validity", "regex"),
    ("validity", "allowed"),
    ("validity", "range"),
    ("duplicates", None),
    ("freshness", None),
    ("expression", None),
    ("pipeline", None),
    ("metric", None),
    ("satisfaction", None),
    ("integrity", None),
}


def test_cases_cover_every_check_type_and_format_of_the_spec() -> None:
    covered = set()
    for _, case in load_cases():
        check = case["check"]
        if isinstance(check, str):
            check = yaml.safe_load(check)
        covered.add((check["type"], check.get("format")))
    assert covered >= SPEC_TOPICS, SPEC_TOPICS - covered
