"""Docs cannot drift: every registered check type documents why it matters, names each of its
parameters, and carries a YAML example that the rules loader accepts as a check of that type."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from audit_helpers import invoke, write_csv, write_rules

from crmhealth.checks import REGISTRY, CheckSpec
from crmhealth.docs import check_doc
from crmhealth.engine import check_schemas
from crmhealth.errors import ExitCode, UserError
from crmhealth.rules import load_rules

TYPES = sorted(REGISTRY)


def _example_checks(cls: type[CheckSpec]) -> list[dict[str, Any]]:
    checks = yaml.safe_load(cls.example)
    assert isinstance(checks, list), "the example is a YAML list of checks, as under `checks:`"
    assert checks, "the example has at least one check"
    return checks


@pytest.mark.parametrize("type_name", TYPES)
def test_docstring_says_why_it_matters(type_name: str) -> None:
    doc = REGISTRY[type_name].__doc__ or ""
    assert "Why it matters" in doc
    assert doc.strip().splitlines()[0].strip(), "a one-line summary first"


@pytest.mark.parametrize("type_name", TYPES)
def test_every_parameter_is_named_in_the_docs(type_name: str) -> None:
    cls = REGISTRY[type_name]
    text = (cls.__doc__ or "") + cls.example
    own = [f for f in cls.model_fields if f not in CheckSpec.model_fields]
    undocumented = [f for f in own if not re.search(rf"\b{re.escape(f)}\b", text)]
    assert undocumented == []


@pytest.mark.parametrize("type_name", TYPES)
def test_example_validates_as_a_check_of_its_type(type_name: str, tmp_path: Path) -> None:
    cls = REGISTRY[type_name]
    checks = _example_checks(cls)
    assert {c.get("type") for c in checks} == {type_name}
    # Dummy sources: one CSV per table the example reads, with the columns it names.
    columns: dict[str, list[str]] = {}
    for check in checks:
        spec = cls.model_validate(check)
        for table in sorted(spec.tables_used()):
            columns.setdefault(table, [])
        for use in spec.columns_used():
            if use.column not in columns[use.table]:
                columns[use.table].append(use.column)
    for table, names in columns.items():
        write_csv(tmp_path / f"{table}.csv", names or ["id"], [])
    (tmp_path / "rules.yaml").write_text(
        yaml.safe_dump(
            {"version": 1, "sources": {t: f"{t}.csv" for t in columns}},
            allow_unicode=True,
            sort_keys=False,
        )
        + "checks:\n"
        + cls.example,  # exactly as documented, YAML quirks included
        encoding="utf-8",
    )
    rules = load_rules(tmp_path / "rules.yaml")
    assert [c.type for c in rules.checks] == [type_name] * len(checks)
    assert set(check_schemas(rules)) == set(columns)


@pytest.mark.parametrize("type_name", TYPES)
def test_checks_command_prints_the_docstring_and_example(type_name: str) -> None:
    result = invoke("checks", type_name)
    assert result.exit_code == ExitCode.OK
    assert result.stdout == check_doc(REGISTRY[type_name]) + "\n"
    for line in REGISTRY[type_name].example.strip().splitlines():
        assert "    " + line in result.stdout


def test_example_of_a_broken_check_would_be_caught(tmp_path: Path) -> None:
    # The loader used above really rejects a wrong example (this test's guard against
    # a test that cannot fail): an unknown key in a documented check.
    write_csv(tmp_path / "contacts.csv", ["email"], [])
    rules = write_rules(
        tmp_path,
        {"contacts": "contacts.csv"},
        [{"type": "completeness", "table": "contacts", "column": "email", "colums": ["x"]}],
    )
    with pytest.raises(UserError, match="unknown key 'colums'"):
        load_rules(rules)
