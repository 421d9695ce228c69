"""The report formats through the command line: --lang, lang: in the rules, several --output
files from one run, and the format each extension means."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from audit_helpers import invoke, position, write_csv, write_rules

from crmhealth.errors import ExitCode


def _rules(folder: Path, **top: object) -> Path:
    write_csv(folder / "contacts.csv", ["id", "email"], [["C1", "a@x.cn"], ["C2", None]])
    return write_rules(
        folder,
        {"contacts": "contacts.csv"},
        [{"id": "need-email", "type": "completeness", "table": "contacts", "column": "email",
          "warn": 0.9, "fail": 0.6}],
        as_of="2026-11-01",
        **top,
    )  # fmt: skip


def test_every_format_from_one_run(tmp_path: Path) -> None:
    rules = _rules(tmp_path)
    out = tmp_path / "out"
    paths = [out / name for name in ("r.html", "r.xlsx", "r.xml", "r.md")]
    result = invoke("audit", rules, *[arg for p in paths for arg in ("-o", p)], "-q")
    assert result.exit_code == ExitCode.CHECKS_FAILED  # 1 of 2 missing: 50% < 60%
    html, xlsx, xml, md = (p.read_bytes() for p in paths)
    assert b"need-email" in html and b"50.0%" in html
    assert xlsx[:2] == b"PK"
    book = openpyxl.load_workbook(paths[1])
    assert book.sheetnames == ["Summary", "need-email"]  # fix lists from the engine
    rows = [list(r) for r in book["need-email"].iter_rows(values_only=True)]
    assert rows[0][0] == "row" and rows[0][-2:] == ["id", "email"]
    assert [(r[0], r[-2], r[-1]) for r in rows[1:]] == [(2, "C2", None)]
    assert b'<testsuites name="crmhealth rules" tests="1" failures="1" errors="0"' in xml
    assert "| ❌ fail | need-email · email | contacts | 50.0% | 1 / 2 |" in md.decode()


def test_lang_from_rules_and_option(tmp_path: Path) -> None:
    rules = _rules(tmp_path, lang="zh")
    result = invoke("audit", rules, "--format", "markdown")
    assert "## CRM 健康报告" in result.stdout
    result = invoke("audit", rules, "--format", "markdown", "--lang", "en")
    assert "## CRM health report" in result.stdout
    result = invoke("audit", rules)  # the terminal report too
    assert "CRM 健康度" in result.stdout and "需要关注" in result.stdout


def test_unknown_language(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    rules = _rules(tmp_path / "a", lang="fr")
    result = invoke("audit", rules)
    assert result.exit_code == ExitCode.USAGE_ERROR
    where = position(rules, "lang:")
    assert f"crmhealth: error: {where}: lang 'fr' is not a report language; use one of en, zh" in (
        result.stderr
    )
    result = invoke("audit", _rules(tmp_path), "--lang", "de")
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "--lang: unknown language 'de'; use one of en, zh" in result.stderr


def test_xlsx_cannot_go_to_stdout(tmp_path: Path) -> None:
    result = invoke("audit", _rules(tmp_path), "--format", "xlsx")
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "write it to a file with --output report.xlsx" in result.stderr


def test_history_shows_in_the_html_and_markdown(tmp_path: Path) -> None:
    rules = _rules(tmp_path)
    history = tmp_path / "history.sqlite"
    first = invoke("audit", rules, "--history", history, "--as-of", "2026-10-01", "-q")
    assert first.exit_code == ExitCode.CHECKS_FAILED
    # A month later the missing email is filled in: 2 of 2 pass.
    write_csv(tmp_path / "contacts.csv", ["id", "email"], [["C1", "a@x.cn"], ["C2", "b@x.cn"]])
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    second = invoke("audit", rules, "--history", history, "-o", html, "-o", md, "-q")
    assert second.exit_code == ExitCode.OK
    page = html.read_text(encoding="utf-8")
    assert "Change since Oct 1, 2026: +50.0 pts" in page
    assert "<figcaption>Score over time</figcaption>" in page
    assert "50.0% on Oct 1, 2026" in page and "(+50.0%)" in page
    assert "**Score: 100.0 / 100 (A)** +50.0 pts" in md.read_text(encoding="utf-8")
