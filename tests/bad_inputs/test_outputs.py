"""Output files: permissions follow the umask (not mkstemp's 0600), a replaced file keeps its
mode, missing folders are created and --help says so; an implausible as_of from the clock."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from audit_helpers import invoke, write_csv, write_rules
from typer.testing import CliRunner

from crmhealth import atomic
from crmhealth.cli import app
from crmhealth.errors import ExitCode


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def crm(tmp_path: Path) -> Path:
    write_csv(tmp_path / "contacts.csv", ["id", "email"], [["1", "a@b.cn"], ["2", None]])
    return write_rules(
        tmp_path,
        {"contacts": "contacts.csv"},
        [{"type": "completeness", "table": "contacts", "column": "email"}],
        as_of="2026-11-01",
    )


@pytest.fixture(params=[0o022, 0o077, 0o002])
def umask(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Run with this umask (the process's and the one atomic.py read at import)."""
    previous = os.umask(request.param)
    monkeypatch.setattr(atomic, "_UMASK", request.param)
    yield request.param
    os.umask(previous)


def test_reports_and_fix_lists_follow_the_umask(crm: Path, umask: int) -> None:
    out = crm.parent / "out"
    result = invoke(
        "audit", crm, "-q", "-o", out / "r.json", "-o", out / "r.txt", "--export", out / "fix"
    )
    assert result.exit_code == ExitCode.OK, result.stderr
    fix_lists = [p for p in (out / "fix").iterdir() if not p.name.startswith(".")]
    assert [p.name for p in fix_lists] == ["completeness-contacts-email.csv"]
    written = [out / "r.json", out / "r.txt", *(out / "fix").iterdir()]  # with the marker
    assert {_mode(p) for p in written} == {0o666 & ~umask}
    assert _mode(out / "fix") == 0o777 & ~umask


def test_a_replaced_report_keeps_its_mode(crm: Path) -> None:
    report = crm.parent / "r.json"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o640)
    assert invoke("audit", crm, "-q", "-o", report).exit_code == ExitCode.OK
    assert report.read_text(encoding="utf-8").startswith("{")
    assert _mode(report) == 0o640


def test_the_umask_is_read_without_changing_it() -> None:
    before = os.umask(0o027)
    try:
        assert atomic._current_umask() == 0o027
        assert os.umask(0o027) == 0o027  # still set as it was
    finally:
        os.umask(before)


def test_output_creates_missing_folders_and_help_says_so(crm: Path) -> None:
    target = crm.parent / "new" / "deeper" / "report.json"
    assert invoke("audit", crm, "-q", "-o", target).exit_code == ExitCode.OK
    assert target.is_file()
    fixes = crm.parent / "also" / "new"
    assert invoke("audit", crm, "-q", "--export", fixes).exit_code == ExitCode.OK
    shown = [p.name for p in fixes.iterdir() if not p.name.startswith(".")]
    assert shown == ["completeness-contacts-email.csv"]
    boxed = CliRunner().invoke(app, ["audit", "--help"]).stdout
    help_text = " ".join(boxed.replace("│", " ").split())  # Rich wraps lines inside a box
    assert "Missing folders are created" in help_text
    assert "DIR/<check-id>.csv (created if missing)" in help_text


@pytest.mark.parametrize("command", ["audit", "validate"])
def test_a_clock_before_1990_is_refused_unless_as_of_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from crmhealth import rules

    write_csv(tmp_path / "contacts.csv", ["id", "email"], [["1", "a@b.cn"]])
    path = write_rules(
        tmp_path,
        {"contacts": "contacts.csv"},
        [{"type": "completeness", "table": "contacts", "column": "email"}],
    )
    monkeypatch.setattr(rules, "_today", lambda: date(1970, 1, 1))
    result = invoke(command, path)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stderr == (
        f"crmhealth: error: {path}: today's date is 1970-01-01, before 1990: the system clock "
        "is wrong; set it, or give the reference date with --as-of YYYY-MM-DD\n"
    )
    assert invoke(command, path, "--as-of", "2026-11-01").exit_code == ExitCode.OK


@pytest.mark.parametrize(
    ("as_of", "accepted"),
    [
        ("1990-01-01", True),
        ("1989-12-31", False),
        ("2027-12-02", True),  # 366 days after the pinned today
        ("2027-12-03", False),
    ],
)
def test_as_of_bounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_of: str, accepted: bool
) -> None:
    from crmhealth import rules

    monkeypatch.setattr(rules, "_today", lambda: date(2026, 12, 1))
    write_csv(tmp_path / "contacts.csv", ["id", "email"], [["1", "a@b.cn"]])
    path = write_rules(
        tmp_path,
        {"contacts": "contacts.csv"},
        [{"type": "completeness", "table": "contacts", "column": "email"}],
        as_of=as_of,
    )
    expected = ExitCode.OK if accepted else ExitCode.USAGE_ERROR
    assert invoke("validate", path).exit_code == expected
    assert invoke("audit", path, "-q").exit_code == expected
    assert invoke("audit", path, "-q", "--as-of", as_of).exit_code == ExitCode.OK


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize("fmt", ["json", "terminal"])
def test_stdout_that_cannot_encode_chinese_gets_utf8_not_a_traceback(
    tmp_path: Path, encoding: str, fmt: str
) -> None:
    # A Windows CI job redirecting to a file writes in the ANSI code page (cp1252).
    write_csv(tmp_path / "contacts.csv", ["编号", "姓名"], [["1", "张三"], ["2", None]])
    rules = write_rules(
        tmp_path,
        {"contacts": "contacts.csv"},
        [{"type": "completeness", "table": "contacts", "column": "姓名"}],
        as_of="2026-11-01",
    )
    result = subprocess.run(
        [sys.executable, "-m", "crmhealth", "audit", str(rules), "--format", fmt],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        check=False,
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.returncode == ExitCode.OK
    text = result.stdout.decode("utf-8")
    if fmt == "json":
        (check,) = json.loads(text)["checks"]
        assert (check["column"], check["failed"], check["total"]) == ("姓名", 1, 2)
    else:
        assert "姓名" in text


def test_output_into_a_named_pipe_streams_into_it(crm: Path) -> None:
    fifo = crm.parent / "report.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke("audit", crm, "-q", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # not replaced by a file
    (check,) = json.loads(received[0])["checks"]
    assert (check["failed"], check["total"]) == (1, 2)


def test_output_through_a_symlink_replaces_its_target(crm: Path) -> None:
    target = crm.parent / "reports" / "latest.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = crm.parent / "report.json"
    link.symlink_to(target)
    assert invoke("audit", crm, "-q", "-o", link).exit_code == ExitCode.OK
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["checks"][0]["failed"] == 1


def test_output_to_dev_null(crm: Path) -> None:
    assert invoke("audit", crm, "-q", "-o", "/dev/null", "-f", "json").exit_code == ExitCode.OK
    assert Path("/dev/null").is_char_device()
