"""JUnit XML: a testsuite per table, a testcase per result, failures and errors as the JSON
counts them, warnings passing with system-out, and control characters that never break the XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from audit_helpers import invoke
from report.fixtures import hostile_report

from crmhealth.report.junit import render

ROOT = Path(__file__).resolve().parents[2]


def test_examples_counts_match_the_json(tmp_path: Path) -> None:
    xml_path, json_path = tmp_path / "report.xml", tmp_path / "report.json"
    result = invoke("audit", ROOT / "rules.example.yaml", "-o", xml_path, "-o", json_path, "-q")
    assert result.exit_code == 1
    document = json.loads(json_path.read_text(encoding="utf-8"))
    summary, checks = document["summary"], document["checks"]
    root = ET.parse(xml_path).getroot()
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(checks) == int(root.get("tests", ""))
    assert int(root.get("failures", "")) == summary["fail"] == len(root.findall(".//failure"))
    assert int(root.get("errors", "")) == summary["error"] == len(root.findall(".//error"))
    assert len([c for c in cases if c.find("system-out") is not None]) == summary["warn"]
    # One testcase per result, in the JSON's order within each table, with its status.
    status = {"fail": "failure", "error": "error", "warn": "system-out"}
    for suite in root.findall("testsuite"):
        expected = [c for c in checks if c["table"] == suite.get("name")]
        got = suite.findall("testcase")
        assert [c.get("name") for c in got] == [
            f"{c['check']} [{c['column']}]" if c["column"] else c["check"] for c in expected
        ]
        for case, check in zip(got, expected, strict=True):
            kinds = [child.tag for child in case]
            assert kinds == ([status[check["status"]]] if check["status"] in status else [])
    assert sum(int(s.get("tests", "")) for s in root.findall("testsuite")) == len(checks)
    assert summary["fail"] >= 1 and summary["warn"] >= 1  # the example exercises both


def test_failure_error_and_warning_bodies() -> None:
    root = ET.fromstring(render(hostile_report()))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["contacts", "activities"]
    assert [(s.get("tests"), s.get("failures"), s.get("errors")) for s in suites] == [
        ("4", "1", "1"),
        ("1", "0", "0"),
    ]
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {
        "contact-fields [email]", "contact-fields [phone]", "dup-people",
        "team-activity [user_id]", "feedback",
    }  # fmt: skip
    failure = cases["contact-fields [email]"].find("failure")
    assert failure is not None and failure.text is not None
    assert (
        failure.get("message") == "2 of 5 contacts have no email <script>window.__canary=1</script>"
    )
    assert "failed 2 of 5 (pass rate 60.0%; warn below 98.0%, fail below 90.0%)" in failure.text
    assert cases["contact-fields [email]"].get("time") == "0.250"
    error = cases["feedback"].find("error")
    assert error is not None and error.get("message") == (
        "the feedback table has no column 'customer_id'"
    )
    out = cases["dup-people"].find("system-out")
    assert out is not None and out.text is not None and out.text.startswith("WARN: 2 of 5")
    assert list(cases["contact-fields [phone]"]) == []  # a pass is a bare testcase


def test_control_characters_never_break_the_xml() -> None:
    report = hostile_report()
    nasty = "a\x00b\x07c\x1bd\ud800e\uffff"
    results = (replace(report.results[0], message=nasty, table="t\x01"), *report.results[1:])
    root = ET.fromstring(render(replace(report, results=results)))  # parses
    failure = root.find(".//failure")
    assert failure is not None
    assert failure.get("message") == "a\\x00b\\x07c\\x1bd\\ud800e\\uffff"
    assert "t\\x01" in [s.get("name") for s in root.findall("testsuite")]


def test_a_report_with_no_results() -> None:
    report = replace(hostile_report(), results=())
    root = ET.fromstring(render(report))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("0", "0", "0")
    assert root.findall("testsuite") == []
