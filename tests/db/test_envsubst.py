"""${VAR} in a rules file: replaced after parsing, in string values only, so a secret full of
YAML control characters is text and never structure; a missing variable names itself and the
line."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_helpers import invoke, position

from crmhealth.envsubst import substitute_text
from crmhealth.errors import ExitCode, UserError
from crmhealth.rules import load_rules

HOSTILE = "a'b\"c #d: [e]{f}, g\n- h: ${NOT_EXPANDED} &i *j |k >l %m @n"

RULES = """\
version: 1
sources:
  contacts:
    path: ${CRM_EXPORT_DIR}/contacts.csv
    id_column: "${ID_COLUMN}"
checks:
  - id: email-filled
    type: completeness
    table: contacts
    column: email
    description: "owner: ${OWNER}"
    warn: 0.9
"""


def _write(folder: Path, text: str = RULES) -> Path:
    path = folder / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_hostile_value_stays_one_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_EXPORT_DIR", "/data/exports")
    monkeypatch.setenv("ID_COLUMN", HOSTILE)
    monkeypatch.setenv("OWNER", "x: [y]")
    rules = load_rules(_write(tmp_path))
    spec = rules.sources["contacts"].spec
    assert spec.path == "/data/exports/contacts.csv"
    assert spec.id_column == HOSTILE  # not re-read as YAML, and ${NOT_EXPANDED} left as is
    assert rules.checks[0].description == "owner: x: [y]"
    assert len(rules.checks) == 1 and rules.checks[0].warn == 0.9


def test_a_missing_variable_names_it_and_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRM_EXPORT_DIR", "/data")
    monkeypatch.delenv("ID_COLUMN", raising=False)
    monkeypatch.setenv("OWNER", "me")
    path = _write(tmp_path)
    result = invoke("validate", path)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "ID_COLUMN is not set" in result.stderr
    assert position(path, "id_column:") in result.stderr
    assert "Traceback" not in result.stderr


def test_only_string_values_and_never_keys_are_substituted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRM_EXPORT_DIR", "/data")
    monkeypatch.setenv("ID_COLUMN", "id")
    monkeypatch.setenv("OWNER", "me")
    monkeypatch.setenv("KEY", "table")
    text = RULES.replace("    table: contacts\n", "    ${KEY}: contacts\n")
    with pytest.raises(UserError, match=r"unknown key '\$\{KEY\}'"):
        load_rules(_write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("${A}${B}", "1two"),
        ("x$${A}y", "x${A}y"),
        ("$A and $ {A}", "$A and $ {A}"),
        ("${A}-${A}", "1-1"),
    ],
)
def test_substitute_text(text: str, expected: str) -> None:
    assert substitute_text(text, {"A": "1", "B": "two"}, "r.yaml:1:1") == expected


def test_a_malformed_reference_is_an_error() -> None:
    with pytest.raises(UserError, match="not an environment variable reference"):
        substitute_text("${A B}", {}, "r.yaml:3:5")
