"""The export stage and report outputs: fix lists name the source row and the reason for every
check type, --export is all or nothing, and one run writes several report formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from audit_helpers import invoke, write_csv

from crmhealth.errors import ExitCode
from crmhealth.report import fixlist_csv

AS_OF = date(2026, 11, 1)
RULES = """\
version: 1
as_of: 2026-11-01
region: CN
sources:
  contacts: contacts.csv
  accounts: accounts.csv
  users: users.csv
  activities: activities.csv
  feedback: feedback.csv
checks:
  - {id: name, type: completeness, table: contacts, column: name}
  - {id: email, type: validity, table: contacts, column: email, format: email}
  - {id: twins, type: duplicates, table: contacts, keys: [email]}
  - {id: stale, type: freshness, table: contacts, column: updated_at, max_age: 180d}
  - {id: positive, type: expression, table: contacts, condition: "amount > 0"}
  - {id: account, type: integrity, table: contacts, column: account_id, references: accounts.id}
  - id: active
    type: usage
    table: activities
    user_column: user_id
    time_column: timestamp
    users: users.id
    window: 30d
  - id: heard
    type: feedback_coverage
    table: contacts
    key: id
    feedback: feedback.contact_id
    time_column: submitted_at
    window: 90d
"""


@pytest.fixture()
def crm(tmp_path: Path) -> Path:
    write_csv(
        tmp_path / "contacts.csv",
        ["id", "name", "email", "updated_at", "account_id", "amount"],
        [
            ["1", "Li Na", "li.na@qq.com", "2026-10-01", "A1", "100"],
            ["2", "Wang Wei", "bad-email", "2025-01-01", "A9", "-5"],
            ["3", None, "li.na@qq.com", "2026-10-20", "A1", "50"],
        ],
    )
    write_csv(tmp_path / "accounts.csv", ["id"], [["A1"], ["A2"]])
    write_csv(tmp_path / "users.csv", ["id", "team"], [["U1", "north"], ["U2", "south"]])
    write_csv(tmp_path / "activities.csv", ["user_id", "timestamp"], [["U1", "2026-10-30"]])
    write_csv(tmp_path / "feedback.csv", ["contact_id", "submitted_at"], [["1", "2026-10-15"]])
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    return rules


def _read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"))))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_every_check_types_fix_list_names_the_source_row_and_the_reason(crm: Path) -> None:
    fixes = crm.parent / "fixes"
    result = invoke("audit", crm, "--quiet", "--export", fixes)
    assert result.exit_code == ExitCode.OK, result.stderr
    got = {p.stem: [(r["row"], r["reason"]) for r in _read(p)] for p in fixes.glob("*.csv")}
    age = (AS_OF - date(2025, 1, 1)).days
    assert got == {
        "name": [("3", "missing name")],
        "email": [("2", "email is not a valid email address")],
        "twins": [
            ("1", "first of 2 records with the same email"),
            ("3", "duplicate of row 1 (same email)"),
        ],
        "stale": [("2", f"updated_at is {age} days old (max 180d)")],
        "positive": [("2", "breaks: amount > 0")],
        "account": [("2", "account_id points at no accounts.id")],
        "active": [("2", "0 events in the 30 days to 2026-11-01 (needs 1)")],
        "heard": [
            ("2", "no feedback in the 90 days to 2026-11-01"),
            ("3", "no feedback in the 90 days to 2026-11-01"),
        ],
    }
    # Every original column follows the row and the reason; the roster's columns for users.
    assert list(_read(fixes / "stale.csv")[0]) == [
        "row",
        "reason",
        "id",
        "name",
        "email",
        "updated_at",
        "account_id",
        "amount",
    ]
    assert _read(fixes / "active.csv") == [
        {
            "row": "2",
            "reason": "0 events in the 30 days to 2026-11-01 (needs 1)",
            "id": "U2",
            "team": "south",
            "events": "0",
        }
    ]


def test_a_refused_export_leaves_the_previous_folder_intact(crm: Path) -> None:
    fixes = crm.parent / "fixes"
    assert invoke("audit", crm, "--quiet", "--export", fixes).exit_code == ExitCode.OK
    before = _snapshot(fixes)
    broken = crm.parent / "broken.yaml"
    broken.write_text(RULES.replace("column: updated_at", "column: updated_att"), "utf-8")
    result = invoke("audit", broken, "--quiet", "--export", fixes)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert _snapshot(fixes) == before


def test_an_interrupted_export_leaves_the_previous_folder_intact(
    crm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixes = crm.parent / "fixes"
    assert invoke("audit", crm, "--quiet", "--export", fixes).exit_code == ExitCode.OK
    before = _snapshot(fixes)
    calls = 0
    real = fixlist_csv.defuse_formulas

    def crash_on_the_third_file(frame: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-export
        return real(frame)  # type: ignore[arg-type]

    monkeypatch.setattr(fixlist_csv, "defuse_formulas", crash_on_the_third_file)
    result = invoke("audit", crm, "--quiet", "--export", fixes)
    assert calls == 3
    assert result.exit_code != ExitCode.OK  # click reports the interrupt as "Aborted!"
    assert _snapshot(fixes) == before
    leftovers = [p.name for p in crm.parent.iterdir() if p.name.startswith(".fixes")]
    assert leftovers == []


def test_a_rerun_leaves_no_stale_fix_lists(crm: Path) -> None:
    fixes = crm.parent / "fixes"
    invoke("audit", crm, "--quiet", "--export", fixes)
    assert (fixes / "name.csv").exists()
    contacts = crm.parent / "contacts.csv"
    filled = contacts.read_text(encoding="utf-8").replace(',,"li.na', ',"Zhao","li.na')
    contacts.write_text(filled, encoding="utf-8")
    invoke("audit", crm, "--quiet", "--export", fixes)
    assert not (fixes / "name.csv").exists()  # the name is filled in now: no stale list
    assert (fixes / "email.csv").exists()


def test_a_folder_crmhealth_did_not_write_is_never_replaced(crm: Path) -> None:
    mine = crm.parent / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    result = invoke("audit", crm, "--quiet", "--export", mine)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "crmhealth did not write" in result.stderr
    assert _snapshot(mine) == {"notes.txt": b"keep me"}


def test_one_run_writes_reports_in_several_formats(crm: Path) -> None:
    out = crm.parent / "out"
    result = invoke("audit", crm, "-o", out / "report.json", "-o", out / "report.txt")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout == ""
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    text = (out / "report.txt").read_text(encoding="utf-8")
    assert len(document["checks"]) == 8
    summary = document["summary"]
    assert f"{len(document['checks'])} results: {summary['pass']} pass" in text


def test_an_unknown_report_extension_is_refused(crm: Path) -> None:
    result = invoke("audit", crm, "-o", crm.parent / "report.pdf")
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "cannot tell the report format from the extension '.pdf'" in result.stderr
    assert not (crm.parent / "report.pdf").exists()
