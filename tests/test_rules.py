"""The rules loader: YAML scalars keep the text they were written as, and every mistake is one
UserError pointing at file:line:col of the value at fault (before any data is read)."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from audit_helpers import position, write_csv

from crmhealth.checks import REGISTRY
from crmhealth.engine import run_audit
from crmhealth.errors import UserError
from crmhealth.rules import load_rules

HEAD = "version: 1\nsources:\n  contacts: c.csv\nchecks:\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_csv(
        tmp_path / "c.csv",
        ["id", "2024", "opt_in", "phone", "email"],
        [["1", "x", "yes", "+47 22 12 34 56", "a@x.com"], ["2", "", "off", None, None]],
    )
    return tmp_path


def _write(folder: Path, text: str) -> Path:
    path = folder / "rules.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_yaml_1_1_scalars_keep_their_text(folder: Path) -> None:
    # NO is Norway (not false), 2024 a column name (not an int), yes/off allowed values (not
    # booleans), 180 a duration in days; the numeric keys (warn, fail, min...) stay numbers.
    rules = load_rules(
        _write(
            folder,
            """\
            version: 1
            as_of: 2026-11-01
            region: NO
            sources:
              contacts: c.csv
            checks:
              - {type: completeness, table: contacts, column: 2024, warn: 0.5, fail: 0.25}
              - type: validity
                table: contacts
                column: opt_in
                format: allowed
                values: [yes, no, on, off]
                case_sensitive: no
              - {type: validity, table: contacts, column: phone, format: phone}
            """,
        )
    )
    assert (rules.region, rules.as_of) == ("NO", date(2026, 11, 1))
    completeness, allowed, _ = rules.checks
    assert (completeness.column, completeness.warn, completeness.fail) == ("2024", 0.5, 0.25)
    assert (allowed.values, allowed.case_sensitive) == (["yes", "no", "on", "off"], False)
    figures = [(r.failed, r.total) for r in run_audit(rules).results]
    assert figures == [(1, 2), (0, 2), (0, 1)]  # the Oslo number is valid for region NO


def test_rules_file_with_a_bom_is_read(folder: Path) -> None:
    path = folder / "rules.yaml"
    text = HEAD + "  - {type: completeness, table: contacts, column: email}\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert [c.check_id for c in load_rules(path).checks] == ["completeness-contacts-email"]


def test_default_ids_name_type_table_and_columns(folder: Path) -> None:
    rules = load_rules(
        _write(
            folder,
            HEAD
            + """\
              - {type: completeness, table: contacts, column: email}
              - {type: completeness, table: contacts, columns: [email, phone]}
              - {type: validity, table: contacts, column: email, format: email}
              - {type: duplicates, table: contacts, keys: [email, phone]}
              - {type: freshness, table: contacts, column: 2024, max_age: 1y}
              - {type: expression, table: contacts, condition: "id IS NOT NULL"}
            """,
        )
    )
    assert [c.check_id for c in rules.checks] == [
        "completeness-contacts-email",
        "completeness-contacts",
        "validity-contacts-email-email",
        "duplicates-contacts-email-phone",
        "freshness-contacts-2024",
        "expression-contacts",
    ]


VALID_TYPES = ", ".join(f"'{name}'" for name in REGISTRY)
ONE_CHECK = "  - {type: completeness, table: contacts, column: id}\n"


def _with_top(top: str) -> str:
    """A valid one-check rules file with `top` (lines 2...) after `version: 1`."""
    return "version: 1\n" + top + HEAD.split("\n", 1)[1] + ONE_CHECK


# (rules text, line, column, message): the exact error and where it points.
ERRORS = {
    "missing_version": (
        _with_top("").replace("version: 1\n", ""),
        1,
        1,
        "missing `version: 1` at the top of the rules file",
    ),
    "version_2": (
        _with_top("").replace("version: 1", "version: 2"),
        1,
        1,
        "unsupported rules version 2; this crmhealth reads `version: 1`",
    ),
    "impossible_as_of": (
        _with_top("as_of: 2026-02-30\n"),
        2,
        1,
        "as_of must be a date written YYYY-MM-DD, not '2026-02-30'",
    ),
    "unknown_region": (
        _with_top("region: XX\n"),
        2,
        1,
        "region 'XX' is not a region libphonenumber knows; use an ISO 3166 code such as CN, "
        "US, GB, HK",
    ),
    "unknown_weight_dimension": (
        _with_top("weights: {acuracy: 2}\n"),
        2,
        11,
        "unknown dimension 'acuracy' (did you mean 'accuracy'?)",
    ),
    "negative_weight": (
        _with_top("weights: {accuracy: -1}\n"),
        2,
        11,
        "weight of accuracy must be a finite number ≥ 0",
    ),
    "no_sources": (
        "version: 1\nchecks:\n" + ONE_CHECK,
        1,
        1,
        "`sources:` must map table names to files, e.g. `contacts: exports/contacts.csv`",
    ),
    "source_key_given_twice": (
        "version: 1\nsources:\n  contacts: c.csv\n  contacts: d.csv\nchecks: []\n",
        4,
        3,
        "key 'contacts' is given twice",
    ),
    "misspelt_source_option": (
        "version: 1\nsources:\n  contacts: {path: c.csv, sheeet: x}\nchecks:\n" + ONE_CHECK,
        3,
        27,
        "source 'contacts': unknown key 'sheeet' (did you mean 'sheet'?)",
    ),
    "two_character_delimiter": (
        "version: 1\nsources:\n  contacts: {path: c.csv, delimiter: ';;'}\nchecks:\n" + ONE_CHECK,
        3,
        27,
        "source 'contacts': delimiter: delimiter must be a single one-byte character such as "
        "',' ';' '|'",
    ),
    "empty_checks": (
        HEAD.replace("checks:\n", "checks: []\n"),
        4,
        1,
        "`checks:` must be a list of checks",
    ),
    "check_is_not_a_mapping": (
        HEAD + "  - completeness\n",
        5,
        5,
        "each check must be a mapping with `type:` and `table:`",
    ),
    "missing_type": (
        HEAD + "  - {table: contacts, column: id}\n",
        5,
        5,
        f"missing `type:` (valid: {VALID_TYPES})",
    ),
    "missing_table": (
        HEAD + "  - type: completeness\n    column: id\n",
        5,
        5,
        "check 1 (completeness): missing required key 'table'",
    ),
    "unknown_source_in_a_check": (
        HEAD + "  - type: completeness\n    table: contact\n    column: id\n",
        6,
        5,
        "check 1 (completeness): no source named 'contact' (did you mean 'contacts'?)",
    ),
    "threshold_not_a_number": (
        HEAD + "  - type: completeness\n    table: contacts\n    column: id\n    warn: high\n",
        8,
        5,
        "check 1 (completeness): warn: Input should be a valid number, unable to parse string "
        "as a number",
    ),
    "unknown_format": (
        HEAD + "  - type: validity\n    table: contacts\n    column: email\n    format: mail\n",
        8,
        5,
        "check 1 (validity): format: Input should be 'email', 'phone', 'date', 'regex', "
        "'allowed' or 'range'",
    ),
    "same_default_id_twice": (
        HEAD
        + "  - {type: completeness, table: contacts, column: id}\n"
        + "  - {type: completeness, table: contacts, column: id}\n",
        6,
        5,
        "check id 'completeness-contacts-id' is used twice (also check 1); give one of them a "
        "distinct `id:`",
    ),
    "regex_that_does_not_compile": (
        HEAD + "  - type: validity\n    table: contacts\n    column: email\n    format: regex\n"
        "    pattern: '[a-'\n",
        9,
        5,
        None,  # the message quotes the regex engine; only its start is pinned below
    ),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_rules_errors_point_at_the_value(folder: Path, name: str) -> None:
    text, line, column, message = ERRORS[name]
    path = _write(folder, text)
    with pytest.raises(UserError) as raised:
        load_rules(path)
    assert raised.value.where == f"{path}:{line}:{column}"
    if message is None:
        assert raised.value.message.startswith(
            "check 1 (validity): pattern: invalid regular expression:"
        )
    else:
        assert raised.value.message == message


def test_rules_file_that_is_not_utf8(folder: Path) -> None:
    path = folder / "rules.yaml"
    path.write_bytes(
        (HEAD + "  - {type: completeness, table: contacts, column: id}\n").encode()
        + "# café\n".encode("latin-1")
    )
    with pytest.raises(UserError) as raised:
        load_rules(path)
    assert str(raised.value) == f"{path}: rules file is not UTF-8 text; save it as UTF-8"


def test_rules_are_validated_before_any_data_is_read(folder: Path) -> None:
    # The source file does not exist, yet the rules mistake is what is reported.
    path = _write(
        folder,
        "version: 1\nsources:\n  contacts: missing.csv\nchecks:\n"
        "  - {type: completeness, table: contacts, column: id, warn: 2}\n",
    )
    with pytest.raises(UserError, match="warn: Input should be less than or equal to 1"):
        load_rules(path)


def test_misspelt_required_key_is_reported_where_it_is_written(folder: Path) -> None:
    path = _write(
        folder,
        HEAD + "  - type: validity\n    table: contacts\n    column: email\n    fromat: email\n",
    )
    with pytest.raises(UserError) as raised:
        load_rules(path)
    assert str(raised.value) == (
        f"{path}:8:5: check 1 (validity): unknown key 'fromat' (did you mean 'format' or "
        "'formats'?)"
    )


@pytest.mark.parametrize(
    ("text", "at"),
    [
        (
            HEAD + "  - type: completeness\n    table: contacts\n    column: id\n    weight: inf\n",
            "weight:",
        ),
        (_with_top("weights: {completeness: 1e400}\n"), "weights:"),
    ],
    ids=["check_weight_inf", "dimension_weight_overflows"],
)
def test_infinite_weights_are_refused(folder: Path, text: str, at: str) -> None:
    path = _write(folder, text)
    with pytest.raises(UserError) as raised:
        load_rules(path)
    assert raised.value.where is not None
    assert raised.value.where.startswith(position(path, at).rsplit(":", 1)[0] + ":")
