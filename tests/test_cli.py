"""The command line: exit codes, one-line errors that point at the mistake, the JSON document,
masking, --output, --export, validate, checks, --version, and real `python -m crmhealth` runs."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from audit_helpers import invoke, position, write_csv

from crmhealth import __version__
from crmhealth.checks import REGISTRY
from crmhealth.errors import ExitCode

CONTACTS = ["id", "name", "email", "phone", "updated_at", "company", "notes"]
ROWS = [
    ["1", "Li Na", "lina.li@qq.com", "13912345678", "2026-10-01", "ACME", "vip"],
    ["2", "Wang Wei", "wang at 163.com", "1391234567", "2026-05-04", "ACME", None],
    ["3", "Zhang San", "LINA.LI@qq.com", "13912345678", None, None, "=1+1"],
    ["4", "Zhao Min", None, "+86 139 1234 5678", "2026-05-05", "Initech", None],
]

# Every check has exactly the figures in FIGURES below over ROWS at as_of 2026-11-01.
RULES = """\
version: 1
as_of: 2026-11-01
region: CN
sources:
  contacts: contacts.csv
checks:
  - id: contact-fields
    type: completeness
    table: contacts
    columns: [email, company]
  - type: validity
    table: contacts
    column: email
    format: email
  - type: validity
    table: contacts
    column: phone
    format: phone
  - type: duplicates
    table: contacts
    keys: [email]
  - type: duplicates
    table: contacts
    keys: [name, company]
  - type: freshness
    table: contacts
    column: updated_at
    max_age: 180d
  - id: has-company
    type: expression
    table: contacts
    condition: "company IS NOT NULL"
"""
# (check, type, dimension, column, status, pass_rate, failed, total)
FIGURES = [
    ("contact-fields", "completeness", "completeness", "email", "warn", 0.75, 1, 4),
    ("contact-fields", "completeness", "completeness", "company", "warn", 0.75, 1, 4),
    ("validity-contacts-email-email", "validity", "accuracy", "email", "warn", 0.6667, 1, 3),
    ("validity-contacts-phone-phone", "validity", "accuracy", "phone", "warn", 0.75, 1, 4),
    ("duplicates-contacts-email", "duplicates", "accuracy", "email", "warn", 0.6667, 1, 3),
    ("duplicates-contacts-name-company", "duplicates", "accuracy", None, "pass", 1.0, 0, 3),
    ("freshness-contacts-updated_at", "freshness", "freshness", "updated_at", "warn", 0.5, 2, 4),
    ("has-company", "expression", "accuracy", None, "warn", 0.75, 1, 4),
]

SPEC_TOP_KEYS = {
    "tool",
    "version",
    "schema_version",
    "as_of",
    "generated_at",
    "rules",
    "tables",
    "summary",
    "checks",
}
SPEC_CHECK_KEYS = {
    "check",
    "type",
    "dimension",
    "table",
    "column",
    "status",
    "pass_rate",
    "failed",
    "total",
    "message",
    "samples",
}


@pytest.fixture
def crm(tmp_path: Path) -> Path:
    """A folder with contacts.csv and rules.yaml (RULES); returns the rules path."""
    write_csv(tmp_path / "contacts.csv", CONTACTS, ROWS)
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    return rules


def _rules(folder: Path, text: str, name: str = "rules.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _one_check(folder: Path, check: str) -> Path:
    """A rules file over contacts.csv with one check (YAML text, one key a line)."""
    body = textwrap.indent(textwrap.dedent(check).strip(), "    ").replace("    ", "  - ", 1)
    return _rules(
        folder,
        "version: 1\nas_of: 2026-11-01\nregion: CN\nsources:\n  contacts: contacts.csv\n"
        f"checks:\n{body}\n",
    )


def _json(stdout: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(stdout)
    return document


def _assert_one_line_error(result: Any, expected: str) -> None:
    """Exit 2, nothing on stdout, and exactly `expected` as the one line on stderr."""
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr == f"crmhealth: error: {expected}\n"


# --- exit codes --------------------------------------------------------------------------------


def test_warnings_exit_0_by_default(crm: Path) -> None:
    result = invoke("audit", crm, "--quiet")
    assert result.exit_code == ExitCode.OK
    assert result.stdout.startswith("8 results: 1 pass, 7 warn, 0 fail, 0 error")


def test_fail_on_warn_makes_warnings_exit_1(crm: Path) -> None:
    assert invoke("audit", crm, "--quiet", "--fail-on", "warn").exit_code == ExitCode.CHECKS_FAILED
    assert invoke("audit", crm, "--quiet", "--fail-on", "fail").exit_code == ExitCode.OK


def test_all_passing_exits_0_even_with_fail_on_warn(crm: Path) -> None:
    rules = _one_check(crm.parent, "type: completeness\ntable: contacts\ncolumn: name")
    assert invoke("audit", rules, "--quiet", "--fail-on", "warn").exit_code == ExitCode.OK


def test_a_failed_check_exits_1(crm: Path) -> None:
    rules = _one_check(
        crm.parent, "type: completeness\ntable: contacts\ncolumn: company\nwarn: 0.9\nfail: 0.8"
    )
    result = invoke("audit", rules, "--quiet")
    assert result.exit_code == ExitCode.CHECKS_FAILED
    assert result.stdout.startswith("1 result: 0 pass, 0 warn, 1 fail, 0 error")


def test_as_of_option_overrides_the_rules(crm: Path) -> None:
    # At 2026-05-06 nothing is older than 180 days; only the missing timestamp fails.
    result = invoke("audit", crm, "--format", "json", "--as-of", "2026-05-06")
    document = _json(result.stdout)
    assert document["as_of"] == "2026-05-06"
    freshness = next(c for c in document["checks"] if c["type"] == "freshness")
    assert (freshness["failed"], freshness["total"]) == (1, 4)


# --- errors: one line on stderr, exit 2, never a traceback ----------------------------------


def test_unknown_column_points_at_the_line_and_suggests_the_close_name(crm: Path) -> None:
    rules = _one_check(
        crm.parent, "type: freshness\ntable: contacts\ncolumn: updated_att\nmax_age: 180d"
    )
    for command in ("audit", "validate"):
        _assert_one_line_error(
            invoke(command, rules),
            f"{position(rules, 'column:')}: check 'freshness-contacts-updated_att': table "
            "'contacts' has no column 'updated_att' (did you mean 'updated_at'?)",
        )


def test_unknown_check_type_suggests_the_close_one(crm: Path) -> None:
    rules = _one_check(crm.parent, "type: completness\ntable: contacts\ncolumn: email")
    _assert_one_line_error(
        invoke("audit", rules),
        f"{position(rules, '- type:', at='type')}: unknown check type 'completness' "
        "(did you mean 'completeness'?)",
    )


def test_unknown_check_type_lists_the_valid_ones(crm: Path) -> None:
    rules = _one_check(crm.parent, "type: spellcheck\ntable: contacts\ncolumn: email")
    valid = ", ".join(f"'{name}'" for name in REGISTRY)
    _assert_one_line_error(
        invoke("audit", rules),
        f"{position(rules, '- type:', at='type')}: unknown check type 'spellcheck' "
        f"(valid: {valid})",
    )
    assert {"completeness", "validity", "duplicates", "freshness", "expression"} <= set(REGISTRY)


def test_unknown_top_level_key(crm: Path) -> None:
    rules = _rules(
        crm.parent,
        """\
        version: 1
        source:
          contacts: contacts.csv
        checks: []
        """,
    )
    _assert_one_line_error(
        invoke("audit", rules),
        f"{rules}:2:1: unknown top-level key 'source' (did you mean 'sources'?)",
    )


def test_unknown_key_in_a_check(crm: Path) -> None:
    rules = _one_check(
        crm.parent, "type: completeness\ntable: contacts\ncolumn: email\ncolour: red"
    )
    _assert_one_line_error(
        invoke("validate", rules),
        f"{position(rules, 'colour:')}: check 1 (completeness): unknown key 'colour' "
        "(did you mean 'column' or 'columns'?)",
    )


def test_yaml_syntax_error_names_the_line(crm: Path) -> None:
    rules = _rules(
        crm.parent,
        """\
        version: 1
        sources:
          contacts: contacts.csv
        checks:
          - type: completeness
            table: contacts
             column: email
        """,
    )
    _assert_one_line_error(
        invoke("audit", rules),
        f"{rules}:7:12: invalid YAML: check the indentation of line 7, or put a value that "
        "contains ': ' in quotes (PyYAML: mapping values are not allowed here)",
    )


def test_yaml_unterminated_quote_names_the_line_it_opens_on(crm: Path) -> None:
    rules = _rules(
        crm.parent,
        """\
        version: 1
        sources:
          contacts: contacts.csv
        checks:
          - type: completeness
            table: "contacts
            column: email
        """,
    )
    _assert_one_line_error(
        invoke("audit", rules),
        f"{rules}:6:12: invalid YAML: the quote opened on line 6 is never closed "
        "(PyYAML: found unexpected end of stream)",
    )


def test_missing_rules_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    _assert_one_line_error(
        invoke("audit", missing), f"{missing}: rules file not found; check the path"
    )


def test_missing_source_file(crm: Path) -> None:
    (crm.parent / "contacts.csv").unlink()
    _assert_one_line_error(
        invoke("audit", crm),
        f"{position(crm, 'contacts: contacts.csv')}: source 'contacts': file not found: "
        f"{crm.parent / 'contacts.csv'}",
    )


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Contacts"
    book.active.append(["id", "email"])
    book.create_sheet("Deals")
    book.save(tmp_path / "crm.xlsx")
    rules = _rules(
        tmp_path,
        """\
        version: 1
        sources:
          contacts: {path: crm.xlsx, sheet: Opportunities}
        checks:
          - {type: completeness, table: contacts, column: email}
        """,
    )
    _assert_one_line_error(
        invoke("validate", rules),
        f"{rules}:3:3: source 'contacts': workbook crm.xlsx has no sheet "
        "'Opportunities' (sheets: 'Contacts', 'Deals')",
    )


def test_bad_as_of_option(crm: Path) -> None:
    _assert_one_line_error(
        invoke("audit", crm, "--as-of", "2026-13-01"),
        "--as-of must be a date written YYYY-MM-DD, not '2026-13-01'",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "xml"],
        ["--fail-on", "never"],
        ["--no-such-option"],
    ],
)
def test_bad_command_line_exits_2_without_traceback(crm: Path, args: list[str]) -> None:
    result = invoke("audit", crm, *args)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "Usage: crmhealth audit" in result.stderr


def test_export_to_an_existing_file_is_a_usage_error(crm: Path) -> None:
    blocker = crm.parent / "fixes"
    blocker.write_text("not a folder", encoding="utf-8")
    _assert_one_line_error(
        invoke("audit", crm, "--export", blocker, "-q"),
        f"{blocker}: --export needs a folder, and this is a file; name a new or existing folder",
    )
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# --- JSON --------------------------------------------------------------------------------------


def test_json_document(crm: Path) -> None:
    result = invoke("audit", crm, "--format", "json")
    assert result.exit_code == ExitCode.OK
    document = _json(result.stdout)
    assert set(document) >= SPEC_TOP_KEYS
    assert (document["tool"], document["version"], document["schema_version"]) == (
        "crmhealth",
        __version__,
        1,
    )
    assert document["as_of"] == "2026-11-01"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["generated_at"])
    assert document["rules"] == str(crm)
    assert document["tables"] == [
        {"name": "contacts", "source": "contacts.csv", "rows": 4, "columns": 7}
    ]
    assert document["summary"] == {"pass": 1, "warn": 7, "fail": 0, "error": 0}
    for entry in document["checks"]:
        assert set(entry) >= SPEC_CHECK_KEYS
        assert entry["table"] == "contacts"
        assert len(entry["samples"]) <= 5
    keys = ("check", "type", "dimension", "column", "status", "pass_rate", "failed", "total")
    figures = [tuple(c[k] for k in keys) for c in document["checks"]]
    assert figures == FIGURES
    groups = [c.get("groups") for c in document["checks"] if c["type"] == "duplicates"]
    assert groups == [1, 0]


def test_json_samples_mask_emails_and_phones(crm: Path) -> None:
    document = _json(invoke("audit", crm, "--format", "json").stdout)
    samples = {(c["check"], c["column"]): c["samples"] for c in document["checks"]}
    phone_reason = "phone is not a valid phone number for CN"
    assert samples[("validity-contacts-phone-phone", "phone")] == [
        {"row": 2, "id": "2", "value": "139***4567", "reason": phone_reason}
    ]
    assert samples[("duplicates-contacts-email", "email")] == [
        {
            "group": 1,
            "rows": [1, 3],
            "ids": ["1", "3"],
            "values": {"email": ["li***@qq.com", "LI***@qq.com"]},
        }
    ]
    assert samples[("contact-fields", "email")] == [
        {"row": 4, "id": "4", "value": None, "reason": "missing email"}
    ]
    (has_company,) = samples[("has-company", None)]
    assert {k: has_company[k] for k in ("row", "id")} == {"row": 3, "id": "3"}
    assert has_company["reason"].startswith("breaks: ")


def test_show_pii_shows_values_unmasked(crm: Path) -> None:
    document = _json(invoke("audit", crm, "--format", "json", "--show-pii").stdout)
    samples = {(c["check"], c["column"]): c["samples"] for c in document["checks"]}
    assert samples[("validity-contacts-phone-phone", "phone")] == [
        {
            "row": 2,
            "id": "2",
            "value": "1391234567",
            "reason": "phone is not a valid phone number for CN",
        }
    ]
    assert samples[("duplicates-contacts-email", "email")][0]["values"] == {
        "email": ["lina.li@qq.com", "LINA.LI@qq.com"]
    }


def test_eleven_digit_mobile_is_masked_as_in_the_spec(tmp_path: Path) -> None:
    write_csv(tmp_path / "contacts.csv", ["id", "phone"], [["1", "13912345678"]] * 2)
    rules = _one_check(tmp_path, "type: duplicates\ntable: contacts\nkeys: [phone]")
    (check,) = _json(invoke("audit", rules, "--format", "json").stdout)["checks"]
    assert check["samples"][0]["values"] == {"phone": ["139****5678", "139****5678"]}


def test_at_most_five_samples_first_rows_first(tmp_path: Path) -> None:
    write_csv(tmp_path / "contacts.csv", ["id", "email"], [[str(i), None] for i in range(1, 8)])
    rules = _one_check(tmp_path, "type: completeness\ntable: contacts\ncolumn: email")
    (check,) = _json(invoke("audit", rules, "--format", "json").stdout)["checks"]
    assert (check["failed"], check["total"]) == (7, 7)
    assert [s["row"] for s in check["samples"]] == [1, 2, 3, 4, 5]


def test_freshness_samples_show_dates_unmasked(crm: Path) -> None:
    document = _json(invoke("audit", crm, "--format", "json").stdout)
    freshness = next(c for c in document["checks"] if c["type"] == "freshness")
    assert freshness["samples"] == [
        {
            "row": 2,
            "id": "2",
            "value": "2026-05-04",
            "reason": "updated_at is 181 days old (max 180d)",
        },
        {"row": 3, "id": "3", "value": None, "reason": "no valid updated_at"},
    ]


# --- --output, --quiet, terminal ---------------------------------------------------------------


def test_output_writes_the_json_report_to_a_file(crm: Path) -> None:
    target = crm.parent / "out" / "report.json"
    result = invoke("audit", crm, "--format", "json", "--output", target)
    assert result.exit_code == ExitCode.OK
    assert result.stdout == ""
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["summary"] == {"pass": 1, "warn": 7, "fail": 0, "error": 0}
    assert len(document["checks"]) == len(FIGURES)


def test_output_writes_the_terminal_report_as_plain_text(crm: Path) -> None:
    target = crm.parent / "report.txt"
    result = invoke("audit", crm, "--output", target)
    assert result.exit_code == ExitCode.OK
    assert result.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert "\x1b[" not in text  # no colour codes in a file
    assert "8 results: 1 pass, 7 warn, 0 fail, 0 error" in text
    assert "freshness-contacts-updated_at" in text


def test_quiet_prints_only_the_summary_line(crm: Path) -> None:
    result = invoke("audit", crm, "--quiet")
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("8 results: 1 pass, 7 warn, 0 fail, 0 error")


def test_terminal_report_names_every_check(crm: Path) -> None:
    result = invoke("audit", crm)
    assert result.exit_code == ExitCode.OK
    for check in {f[0] for f in FIGURES}:
        assert check in result.stdout


# --- --export ----------------------------------------------------------------------------------


def _read_export(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))


def test_export_writes_failing_rows_per_check(crm: Path) -> None:
    fixes = crm.parent / "fixes"
    result = invoke("audit", crm, "--quiet", "--export", fixes)
    assert result.exit_code == ExitCode.OK
    # One file per check with failures; the passing name+company check has none.
    assert sorted(p.name for p in fixes.glob("*.csv")) == [
        "contact-fields.csv",
        "duplicates-contacts-email.csv",
        "freshness-contacts-updated_at.csv",
        "has-company.csv",
        "validity-contacts-email-email.csv",
        "validity-contacts-phone-phone.csv",
    ]
    # The source row and the reason, then every original column, also those no check reads.
    header = ["row", "reason", *CONTACTS]
    assert _read_export(fixes / "validity-contacts-phone-phone.csv") == [
        header,
        [
            "2",
            "phone is not a valid phone number for CN",
            "2",
            "Wang Wei",
            "wang at 163.com",
            "1391234567",
            "2026-05-04",
            "ACME",
            "",
        ],
    ]
    assert _read_export(fixes / "freshness-contacts-updated_at.csv") == [
        header,
        [
            "2",
            "updated_at is 181 days old (max 180d)",
            "2",
            "Wang Wei",
            "wang at 163.com",
            "1391234567",
            "2026-05-04",
            "ACME",
            "",
        ],
        # A cell a spreadsheet would run as a formula is defused with a leading quote.
        [
            "3",
            "no valid updated_at",
            "3",
            "Zhang San",
            "LINA.LI@qq.com",
            "13912345678",
            "",
            "",
            "'=1+1",
        ],
    ]
    # A multi-column completeness check writes one list, naming what each row misses.
    assert _read_export(fixes / "contact-fields.csv") == [
        [*header, "missing"],
        [
            "3",
            "missing company",
            "3",
            "Zhang San",
            "LINA.LI@qq.com",
            "13912345678",
            "",
            "",
            "'=1+1",
            "company",
        ],
        [
            "4",
            "missing email",
            "4",
            "Zhao Min",
            "",
            "+86 139 1234 5678",
            "2026-05-05",
            "Initech",
            "",
            "email",
        ],
    ]


def test_export_of_duplicates_lists_every_member_with_its_group(tmp_path: Path) -> None:
    rows = [
        ["1", "li.na@qq.com", "A"],
        ["2", "wang@163.com", "B"],
        ["3", " LI.NA@qq.com", "C"],
        ["4", "wang@163.com", "D"],
        ["5", "zhao@qq.com", "E"],
        ["6", "li.na@qq.com", "F"],
        ["7", None, "G"],
        ["8", None, "H"],
    ]
    write_csv(tmp_path / "contacts.csv", ["id", "email", "owner"], rows)
    rules = _one_check(tmp_path, "type: duplicates\ntable: contacts\nkeys: [email]")
    result = invoke("audit", rules, "--quiet", "--export", tmp_path / "fixes")
    assert result.exit_code == ExitCode.OK
    assert _read_export(tmp_path / "fixes" / "duplicates-contacts-email.csv") == [
        ["row", "reason", "id", "email", "owner", "group"],
        ["1", "first of 3 records with the same email", "1", "li.na@qq.com", "A", "1"],
        ["3", "duplicate of row 1 (same email)", "3", " LI.NA@qq.com", "C", "1"],
        ["6", "duplicate of row 1 (same email)", "6", "li.na@qq.com", "F", "1"],
        ["2", "first of 2 records with the same email", "2", "wang@163.com", "B", "2"],
        ["4", "duplicate of row 2 (same email)", "4", "wang@163.com", "D", "2"],
    ]


def test_export_keeps_chinese_text(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "contacts.csv", ["编号", "姓名", "手机"], [["1", "张三", None]], encoding="gbk"
    )
    rules = _one_check(tmp_path, "type: completeness\ntable: contacts\ncolumn: 手机")
    invoke("audit", rules, "--quiet", "--export", tmp_path / "fixes")
    assert _read_export(tmp_path / "fixes" / "completeness-contacts-手机.csv") == [
        ["row", "reason", "编号", "姓名", "手机"],
        ["1", "missing 手机", "1", "张三", ""],
    ]


def test_no_export_files_when_nothing_fails(crm: Path) -> None:
    rules = _one_check(crm.parent, "type: completeness\ntable: contacts\ncolumn: name")
    invoke("audit", rules, "--quiet", "--export", crm.parent / "fixes")
    assert list((crm.parent / "fixes").glob("*.csv")) == []


# --- validate, checks, --version ---------------------------------------------------------------


def test_validate_ok(crm: Path) -> None:
    result = invoke("validate", crm)
    assert result.exit_code == ExitCode.OK
    assert result.stdout.startswith(f"{crm}: OK")
    assert "7 checks" in result.stdout
    assert "contacts" in result.stdout


def test_validate_does_not_judge_the_data(crm: Path) -> None:
    # Failing data is the audit's business: validate only checks rules, tables and columns.
    rules = _one_check(
        crm.parent, "type: completeness\ntable: contacts\ncolumn: company\nwarn: 0.9\nfail: 0.8"
    )
    assert invoke("validate", rules).exit_code == ExitCode.OK


def test_checks_lists_every_type(crm: Path) -> None:
    result = invoke("checks")
    assert result.exit_code == ExitCode.OK
    for name, cls in REGISTRY.items():
        assert f"{name}  (dimension: {cls.default_dimension})" in result.stdout


def test_checks_type_shows_one_type(crm: Path) -> None:
    result = invoke("checks", "validity")
    assert result.exit_code == ExitCode.OK
    assert result.stdout.startswith("validity  (dimension: accuracy)")
    assert "Why it matters" in result.stdout
    assert "format: phone" in result.stdout  # the example
    assert "completeness  (dimension" not in result.stdout


def test_checks_unknown_type(crm: Path) -> None:
    _assert_one_line_error(
        invoke("checks", "validty"), "unknown check type 'validty' (did you mean 'validity'?)"
    )


def test_version() -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (ExitCode.OK, f"crmhealth {__version__}\n")


# --- real processes ----------------------------------------------------------------------------


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crmhealth", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_subprocess_audit_json_from_another_directory(crm: Path, tmp_path_factory: Any) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = _run("audit", crm, "--format", "json", "--fail-on", "warn", cwd=elsewhere)
    assert result.returncode == ExitCode.CHECKS_FAILED, result.stderr
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    assert document["summary"] == {"pass": 1, "warn": 7, "fail": 0, "error": 0}


def test_subprocess_error_is_one_line(crm: Path) -> None:
    rules = _one_check(crm.parent, "type: completeness\ntable: contacts\ncolumn: emial")
    result = _run("audit", "rules.yaml", cwd=crm.parent)
    assert result.returncode == ExitCode.USAGE_ERROR
    assert result.stdout == ""
    assert result.stderr == (
        f"crmhealth: error: {position(rules, 'column:').removeprefix(f'{crm.parent}/')}: "
        "check 'completeness-contacts-emial': table 'contacts' has no column 'emial' "
        "(did you mean 'email'?)\n"
    )


def test_subprocess_check_that_cannot_run_is_an_error_result(tmp_path: Path) -> None:
    # `CAST(amount AS INTEGER)` cannot be evaluated when an amount is "abc" (the types fit,
    # the value does not): an `error` result, exit 1.
    write_csv(tmp_path / "deals.csv", ["id", "amount"], [["1", "5"], ["2", "abc"]])
    _rules(
        tmp_path,
        """\
        version: 1
        sources:
          deals: deals.csv
        checks:
          - {type: expression, table: deals, condition: "CAST(amount AS INTEGER) > 0"}
        """,
    )
    result = _run("audit", "rules.yaml", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == ExitCode.CHECKS_FAILED
    document = json.loads(result.stdout)
    assert document["summary"] == {"pass": 0, "warn": 0, "fail": 0, "error": 1}
    (check,) = document["checks"]
    assert (check["status"], check["failed"], check["total"]) == ("error", 0, 0)
    assert "'abc'" in check["message"]  # names the value that stopped it


def test_export_file_names_never_collide(tmp_path: Path) -> None:
    write_csv(tmp_path / "contacts.csv", ["id", "email"], [["1", None], ["2", "bad"]])
    rules = _rules(
        tmp_path,
        """\
        version: 1
        sources:
          contacts: contacts.csv
        checks:
          - {id: "a/b", type: completeness, table: contacts, column: email}
          - {id: "a_b", type: validity, table: contacts, column: email, format: email}
        """,
    )
    invoke("audit", rules, "--quiet", "--export", tmp_path / "fixes")
    exported = sorted(_read_export(p)[1][2] for p in (tmp_path / "fixes").glob("*.csv"))
    assert exported == ["1", "2"]  # each check's failing row, in its own file


def test_a_column_listed_twice_is_a_rules_error(crm: Path) -> None:
    rules = _one_check(crm.parent, "type: completeness\ntable: contacts\ncolumns: [email, email]")
    result = subprocess.run(
        [sys.executable, "-m", "crmhealth", "audit", str(rules)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == ExitCode.USAGE_ERROR
    assert result.stderr.startswith(f"crmhealth: error: {position(rules, 'columns:')}: ")
    assert "'email'" in result.stderr


def test_phone_samples_are_masked_whatever_their_shape(tmp_path: Path) -> None:
    rows = [["1", "手机1391234567"], ["2", "1391234567（本人）"], ["3", "tel 1391234567"]]
    write_csv(tmp_path / "contacts.csv", ["id", "phone"], rows)
    rules = _one_check(tmp_path, "type: validity\ntable: contacts\ncolumn: phone\nformat: phone")
    (check,) = _json(invoke("audit", rules, "--format", "json").stdout)["checks"]
    assert check["failed"] == 3
    visible = [sum(ch.isdigit() for ch in s["value"]) for s in check["samples"]]
    assert visible == [7, 7, 7]  # the first three and last four digits, as for 139****5678


def test_amounts_in_samples_are_not_masked(tmp_path: Path) -> None:
    write_csv(tmp_path / "contacts.csv", ["id", "amount"], [["1", "12345678"]])
    rules = _one_check(
        tmp_path, "type: validity\ntable: contacts\ncolumn: amount\nformat: range\nmax: 1000"
    )
    (check,) = _json(invoke("audit", rules, "--format", "json").stdout)["checks"]
    assert check["samples"] == [
        {
            "row": 1,
            "id": "1",
            "value": "12345678",
            "reason": "amount is not a valid number in range",
        }
    ]


@pytest.mark.parametrize(
    "check",
    [
        "type: duplicates\ntable: contacts\nkeys: [phone]",
        "type: validity\ntable: contacts\ncolumn: phone\nformat: regex\npattern: '^1\\d{10}$'",
    ],
    ids=["duplicates", "regex"],
)
def test_phones_written_with_words_are_masked_in_every_check(tmp_path: Path, check: str) -> None:
    rows = [["1", "手机13912345678"], ["2", "手机13912345678"]]
    write_csv(tmp_path / "contacts.csv", ["id", "phone"], rows)
    (result,) = _json(invoke("audit", _one_check(tmp_path, check), "--format", "json").stdout)[
        "checks"
    ]
    shown = json.dumps(result["samples"], ensure_ascii=False)
    assert "13912345678" not in shown
    assert "139****5678" in shown


def test_console_script_and_module_print_the_version() -> None:
    script = Path(sys.executable).parent / "crmhealth"
    if not script.exists():
        pytest.skip("the crmhealth console script is not installed beside this Python")
    for command in ([str(script)], [sys.executable, "-m", "crmhealth"]):
        result = subprocess.run(
            [*command, "--version"], capture_output=True, text=True, check=False
        )
        assert (result.returncode, result.stdout) == (ExitCode.OK, f"crmhealth {__version__}\n")


def test_an_empty_table_is_pointed_out(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("id,a\n", encoding="utf-8")
    rules = _one_check(tmp_path, "type: completeness\ntable: contacts\ncolumn: a")
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("contacts.csv", "t.csv"), encoding="utf-8"
    )
    result = invoke("audit", rules)
    # An empty import is not healthy (issue 20): its checks are errors, so a gate fails.
    assert result.exit_code == ExitCode.CHECKS_FAILED
    assert "has no rows; its checks could not measure anything" in result.stdout
    assert "table contacts has no rows" in result.stdout
