"""The monthly loop through the command line: --history, previous figures, series, listing."""

from __future__ import annotations

import json
from pathlib import Path

from audit_helpers import invoke
from history_helpers import audit_json, check_of, completeness, contacts, write_project

from crmhealth.errors import ExitCode


def test_two_runs_are_listed_and_the_second_carries_the_first_as_previous(tmp_path: Path) -> None:
    history = tmp_path / "history.sqlite"
    rules = write_project(tmp_path, contacts(10, missing_email=2), [completeness(warn=0.95)])
    first = audit_json(rules, "2026-10-01", history)
    # A month later two more contacts lost their email: 4 of 10 missing.
    write_project(tmp_path, contacts(10, missing_email=4), [completeness(warn=0.95)])
    second = audit_json(rules, "2026-11-01", history)

    assert first["score"] == 80.0 and "previous_score" not in first
    assert "previous" not in check_of(first, "fields")
    assert second["score"] == 60.0
    assert second["previous_score"] == first["score"] == 80.0
    assert second["previous_as_of"] == "2026-10-01"
    assert second["score_history"] == [
        {"as_of": "2026-10-01", "run_at": first["generated_at"], "score": 80.0, "grade": "B"}
    ]
    result = check_of(second, "fields")
    assert (result["failed"], result["total"], result["status"]) == (4, 10, "warn")
    assert result["previous"] == {
        "as_of": "2026-10-01",
        "failed": 2,
        "total": 10,
        "pass_rate": 0.8,
        "status": "warn",
    }
    assert result["delta_pass_rate"] == -0.2
    completeness_dim = next(d for d in second["dimensions"] if d["name"] == "completeness")
    assert (completeness_dim["score"], completeness_dim["previous"]) == (60.0, 80.0)

    listed = invoke("history", history, "--format", "json")
    assert listed.exit_code == ExitCode.OK, listed.stderr
    runs = json.loads(listed.stdout)["runs"]
    assert [(r["as_of"], r["score"], r["grade"], r["delta"]) for r in runs] == [
        ("2026-10-01", 80.0, "B", None),
        ("2026-11-01", 60.0, "D", -20.0),
    ]
    assert [r["run_at"] for r in runs] == [first["generated_at"], second["generated_at"]]


def test_history_in_the_rules_file_is_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "audit").mkdir()
    rules = write_project(
        tmp_path / "audit", contacts(4, 1), [completeness()], history="runs/h.sqlite"
    )
    result = invoke("audit", rules, "--as-of", "2026-10-01", "-q")
    assert result.exit_code == ExitCode.OK, result.stderr  # a warning only
    listed = json.loads(invoke("history", tmp_path / "audit/runs/h.sqlite", "-f", "json").stdout)
    assert [(r["as_of"], r["score"]) for r in listed["runs"]] == [("2026-10-01", 75.0)]


def test_a_changed_threshold_keeps_the_series(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 2), [completeness(warn=0.95)])
    audit_json(rules, "2026-10-01", history)
    write_project(tmp_path, contacts(10, 1), [completeness(warn=0.7, fail=0.5, weight=2)])
    result = check_of(audit_json(rules, "2026-11-01", history), "fields")
    assert result["previous"]["failed"] == 2 and result["previous"]["status"] == "warn"
    assert result["delta_pass_rate"] == 0.1
    assert "series_note" not in result


def test_a_changed_column_starts_a_new_series(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 2), [completeness("email")])
    audit_json(rules, "2026-10-01", history)
    write_project(tmp_path, contacts(10, 2), [completeness("phone")])
    result = check_of(audit_json(rules, "2026-11-01", history), "fields")
    assert "previous" not in result and "delta_pass_rate" not in result
    assert result["series_note"] == (
        "contacts.phone was not measured by this check on 2026-10-01 "
        "(it measured contacts.email then): a new series"
    )


def test_a_changed_parameter_starts_a_new_series(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    validity = {"id": "mail", "type": "validity", "table": "contacts", "column": "email"}
    rules = write_project(tmp_path, contacts(10, 2), [{**validity, "format": "email"}])
    audit_json(rules, "2026-10-01", history)
    write_project(tmp_path, contacts(10, 2), [{**validity, "format": "regex", "pattern": "^user"}])
    result = check_of(audit_json(rules, "2026-11-01", history), "mail")
    assert "previous" not in result
    assert result["series_note"] == "parameters changed since the run of 2026-10-01: a new series"
    # The listing of the check's series says the same.
    series = json.loads(invoke("history", history, "-f", "json", "--check", "mail").stdout)
    assert [(r["as_of"], r["new_series"], r["delta_pass_rate"]) for r in series["series"]] == [
        ("2026-10-01", False, None),
        ("2026-11-01", True, None),
    ]


def test_adding_a_column_to_a_list_keeps_the_other_columns_series(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    check = {"id": "fields", "type": "completeness", "table": "contacts"}
    rules = write_project(tmp_path, contacts(10, 2), [{**check, "columns": ["email"]}])
    audit_json(rules, "2026-10-01", history)
    write_project(tmp_path, contacts(10, 2), [{**check, "columns": ["email", "phone"]}])
    second = audit_json(rules, "2026-11-01", history)
    assert check_of(second, "fields", "email")["previous"]["failed"] == 2
    assert "previous" not in check_of(second, "fields", "phone")


def test_a_rerun_for_the_same_as_of_compares_with_the_run_before_and_supersedes(
    tmp_path: Path,
) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 2), [completeness()])
    audit_json(rules, "2026-10-01", history)
    write_project(tmp_path, contacts(10, 5), [completeness()])
    audit_json(rules, "2026-11-01", history)
    write_project(tmp_path, contacts(10, 3), [completeness()])  # re-exported, re-run
    rerun = audit_json(rules, "2026-11-01", history)
    assert rerun["previous_as_of"] == "2026-10-01" and rerun["previous_score"] == 80.0
    assert check_of(rerun, "fields")["previous"]["failed"] == 2
    # A December run compares with the latest November run (3 missing), not the first (5).
    december = audit_json(rules, "2026-12-01", history)
    assert december["previous_score"] == 70.0
    assert [p["as_of"] for p in december["score_history"]] == ["2026-10-01", "2026-11-01"]
    runs = json.loads(invoke("history", history, "-f", "json").stdout)["runs"]
    assert [(r["as_of"], r["score"], r["superseded"], r["delta"]) for r in runs] == [
        ("2026-10-01", 80.0, False, None),
        ("2026-11-01", 50.0, True, None),
        ("2026-11-01", 70.0, False, -10.0),
        ("2026-12-01", 70.0, False, 0.0),
    ]


def test_an_earlier_as_of_backfills_without_taking_later_runs_as_previous(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 2), [completeness()])
    audit_json(rules, "2026-11-01", history)
    backfill = audit_json(rules, "2026-10-01", history)
    assert "previous_score" not in backfill
    runs = json.loads(invoke("history", history, "-f", "json").stdout)["runs"]
    assert [r["as_of"] for r in runs] == ["2026-10-01", "2026-11-01"]


def test_terminal_report_shows_deltas_per_dimension_and_result(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 2), [completeness()])
    audit_json(rules, "2026-10-01", history)
    write_project(tmp_path, contacts(10, 4), [completeness()])
    out = invoke("audit", rules, "--as-of", "2026-11-01", "--history", history).stdout
    assert "CRM health 60.0 / 100   grade D   ▼ 20.0 since 2026-10-01 (80.0)" in out
    completeness_line = next(line for line in out.splitlines() if line.startswith("completeness"))
    assert completeness_line.rstrip().endswith("60.0  (1 result)  ▼ 20.0")
    assert "▼ 20.0 pp" in out


def test_without_history_nothing_changes(tmp_path: Path) -> None:
    rules = write_project(tmp_path, contacts(10, 2), [completeness()])
    document = json.loads(invoke("audit", rules, "--as-of", "2026-10-01", "-f", "json").stdout)
    assert "previous_score" not in document and "score_history" not in document
    assert not list(tmp_path.glob("*.sqlite"))


def test_history_listing_by_check_and_as_html(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 2), [completeness()])
    audit_json(rules, "2026-10-01", history)
    write_project(tmp_path, contacts(10, 1), [completeness()])
    audit_json(rules, "2026-11-01", history)
    text = invoke("history", history, "--check", "fields").stdout
    assert "contacts.email" in text and "2 / 10" in text and "1 / 10" in text
    assert "▲ 10.0 pp" in text
    page = tmp_path / "out" / "history.html"
    result = invoke("history", history, "--format", "html", "--output", page)
    assert result.exit_code == ExitCode.OK, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "<polyline" in html
    assert "<td>2026-10-01</td>" in html and "<td>80.0</td>" in html and "<td>90.0</td>" in html


def test_history_of_a_missing_file_or_bad_format_is_exit_2(tmp_path: Path) -> None:
    missing = invoke("history", tmp_path / "none.sqlite")
    assert missing.exit_code == ExitCode.USAGE_ERROR
    assert "none.sqlite: no history file here" in missing.stderr
    assert not (tmp_path / "none.sqlite").exists()
    rules = write_project(tmp_path, contacts(4, 1), [completeness()])
    audit_json(rules, "2026-10-01", tmp_path / "h.sqlite")
    bad = invoke("history", tmp_path / "h.sqlite", "--format", "xml")
    assert bad.exit_code == ExitCode.USAGE_ERROR and "unknown format 'xml'" in bad.stderr


def test_history_may_not_be_an_input_of_the_audit(tmp_path: Path) -> None:
    rules = write_project(tmp_path, contacts(4, 1), [completeness()])
    before = (tmp_path / "contacts.csv").read_bytes()
    result = invoke("audit", rules, "--history", tmp_path / "contacts.csv")
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "the history file is also an input or a report" in result.stderr
    assert (tmp_path / "contacts.csv").read_bytes() == before


def test_listing_marks_a_rules_change_and_the_terminal_shows_the_series_note(
    tmp_path: Path,
) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 2), [completeness("email")])
    audit_json(rules, "2026-10-01", history)
    write_project(tmp_path, contacts(10, 2), [completeness("phone")])
    out = invoke("audit", rules, "--as-of", "2026-11-01", "--history", history).stdout
    assert "contacts.phone was not measured by this check on 2026-10-01" in out
    runs = json.loads(invoke("history", history, "-f", "json").stdout)["runs"]
    assert [r["rules_changed"] for r in runs] == [False, True]
    assert "rules changed" in invoke("history", history).stdout


def test_a_bad_history_key_points_at_the_rules_line(tmp_path: Path) -> None:
    rules = write_project(tmp_path, contacts(4, 1), [completeness()], history=["a", "b"])
    result = invoke("audit", rules)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert f"{rules}:2:" in result.stderr and "history must be the path" in result.stderr


def test_an_unreadable_history_stops_the_audit_before_any_report(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    history.write_bytes(b"not a database at all, but 100 bytes long" * 3)
    before = history.read_bytes()
    rules = write_project(tmp_path, contacts(4, 1), [completeness()])
    report = tmp_path / "report.json"
    result = invoke("audit", rules, "--history", history, "--output", report)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stderr.startswith(f"crmhealth: error: {history}: the history file is unreadable")
    assert len(result.stderr.strip().splitlines()) == 1
    assert history.read_bytes() == before and not report.exists()


def test_html_listing_escapes_names_from_the_rules(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(4, 1), [completeness(id="<script>x</script>")])
    audit_json(rules, "2026-10-01", history)
    page = invoke("history", history, "-f", "html", "--check", "<script>x</script>").stdout
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_a_document_with_history_conforms_to_the_published_schema(tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads(invoke("schema").stdout)
    history = tmp_path / "h.sqlite"
    checks = [
        completeness(),
        {"id": "rows", "type": "volume", "table": "contacts"},
        {"id": "columns", "type": "schema", "table": "contacts"},
    ]
    rules = write_project(tmp_path, contacts(10, 2), checks)
    audit_json(rules, "2026-10-01", history)
    write_project(tmp_path, contacts(6, 1), checks)
    second = audit_json(rules, "2026-11-01", history)
    assert second["previous_score"] is not None and check_of(second, "rows")["status"] == "fail"
    jsonschema.validate(second, schema)


def test_history_inside_the_export_folder_is_refused(tmp_path: Path) -> None:
    # Each export replaces its folder whole: a history inside it would be lost.
    rules = write_project(tmp_path, contacts(4, 1), [completeness()])
    fixes = tmp_path / "fixes"
    result = invoke("audit", rules, "--export", fixes, "--history", fixes / "h.sqlite")
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "inside the --export folder" in result.stderr
    assert not fixes.exists()


def test_a_history_from_a_newer_crmhealth_is_exit_2_and_untouched(tmp_path: Path) -> None:
    import sqlite3

    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(4, 1), [completeness()])
    audit_json(rules, "2026-10-01", history)
    conn = sqlite3.connect(history)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = history.read_bytes()
    for args in (("audit", rules, "--history", history), ("history", history)):
        result = invoke(*args)
        assert result.exit_code == ExitCode.USAGE_ERROR
        assert "written by a newer crmhealth (history schema 99" in result.stderr
    assert history.read_bytes() == before
