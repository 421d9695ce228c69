"""The history file: round trip, forward migration, refusing foreign/damaged/newer files without
touching them, and atomic appends (an interrupted write keeps every earlier run)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from crmhealth.errors import UserError
from crmhealth.history import store
from crmhealth.history.records import ResultRecord, RunRecord, TableRecord
from crmhealth.history.schema import APPLICATION_ID, SCHEMA_VERSION
from crmhealth.results import GroupStat, Status


def run(as_of: str, failed: int = 2, run_at: str = "2026-12-01T10:00:00Z") -> RunRecord:
    return RunRecord(
        as_of=date.fromisoformat(as_of),
        run_at=run_at,
        version="0.1.0",
        rules="rules.yaml",
        rules_fingerprint="abc",
        score=100.0 * (10 - failed) / 10,
        grade="B",
        dimensions={"completeness": 100.0 * (10 - failed) / 10, "usage": None},
        tables=(
            TableRecord("contacts", "contacts.csv", 10, ("id", "邮箱"), {"邮箱": {"distinct": 8}}),
        ),
        results=(
            ResultRecord(
                check="fields",
                type="completeness",
                dimension="completeness",
                table="contacts",
                column="邮箱",
                fingerprint="f1",
                status=Status.WARN,
                failed=failed,
                total=10,
                message=f"{failed} of 10 contacts have no 邮箱",
                breakdown=(GroupStat("U1", failed, 5), GroupStat(None, 0, 5)),
                details={"per_user": [{"user": "U1", "events": 3}]},
            ),
        ),
    )


def test_round_trip_keeps_every_figure(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "h.sqlite"
    first = store.append_run(path, run("2026-10-01"))
    second = store.append_run(path, run("2026-11-01", failed=4))
    assert (first, second) == (1, 2)
    runs = store.read_runs(path)
    assert runs == [replace(run("2026-10-01"), run_id=1), replace(run("2026-11-01", 4), run_id=2)]


def test_runs_read_back_in_as_of_order(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    store.append_run(path, run("2026-11-01"))
    store.append_run(path, run("2026-09-01"))
    assert [r.as_of.isoformat() for r in store.read_runs(path)] == ["2026-09-01", "2026-11-01"]


def test_the_file_is_marked_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    store.append_run(path, run("2026-10-01"))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_a_version_1_file_is_read_and_migrated_forward_by_the_next_append(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    store.migrate(conn, path, upto=1)
    conn.execute(
        "INSERT INTO runs VALUES (7, '2026-09-01', '2026-09-01T08:00:00Z', '0.0.9', 'r.yaml', "
        "'x', 90.0, 'A')"
    )
    conn.execute(
        "INSERT INTO run_results VALUES (7, 0, 'fields', 'completeness', 'completeness', "
        "'contacts', 'email', 'f1', 'pass', 1, 10, 0.9, 'm', '[]', '{}')"
    )
    conn.close()
    before = path.read_bytes()
    old = store.read_runs(path)  # reading never writes, not even a migration
    assert path.read_bytes() == before
    assert [(r.run_id, r.score, r.results[0].failed) for r in old] == [(7, 90.0, 1)]
    store.append_run(path, run("2026-10-01"))
    runs = store.read_runs(path)
    assert [(r.as_of.isoformat(), r.version) for r in runs] == [
        ("2026-09-01", "0.0.9"),
        ("2026-10-01", "0.1.0"),
    ]
    assert runs[1].tables[0].profiles == {"邮箱": {"distinct": 8}}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()


def test_a_newer_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    store.append_run(path, run("2026-10-01"))
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    for action in (
        lambda: store.read_runs(path),
        lambda: store.append_run(path, run("2026-11-01")),
    ):
        with pytest.raises(UserError, match="written by a newer crmhealth") as error:
            action()
        assert error.value.where == str(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"as_of,score\n2026-10-01,80\n", "the history file is unreadable"),
        (b"SQLite format 3\x00" + b"\xff" * 200, "the history file is unreadable"),
    ],
)
def test_an_unreadable_file_is_refused_and_left_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "h.sqlite"
    path.write_bytes(content)
    for action in (
        lambda: store.read_runs(path),
        lambda: store.append_run(path, run("2026-11-01")),
    ):
        with pytest.raises(UserError, match=message):
            action()
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (id TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="not a crmhealth history"):
        store.append_run(path, run("2026-11-01"))
    assert path.read_bytes() == before


def test_an_exception_between_inserts_rolls_the_run_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "h.sqlite"
    store.append_run(path, run("2026-10-01"))

    def broken(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "_insert_results", broken)
    with pytest.raises(OSError, match="disk full"):
        store.append_run(path, run("2026-11-01"))
    monkeypatch.undo()
    runs = store.read_runs(path)
    assert [r.as_of.isoformat() for r in runs] == ["2026-10-01"]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM run_tables").fetchone()[0] == 1
    conn.close()


KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import date
    from crmhealth.history import store
    from crmhealth.history.records import RunRecord

    real = store._insert_results

    def insert_then_die(conn, run_id, record):
        real(conn, run_id, record)  # the run, its tables and results are in the transaction
        sys.stdout.write("inserted\\n"); sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    store._insert_results = insert_then_die
    record = RunRecord(date(2026, 11, 1), "t", "0.1.0", "r", "x", 50.0, "F", {}, (), ())
    store.append_run(__import__("pathlib").Path(sys.argv[1]), record)
    """
)


def test_a_writer_killed_mid_transaction_leaves_every_earlier_run(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    store.append_run(path, run("2026-09-01"))
    store.append_run(path, run("2026-10-01", failed=3))
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(path)], capture_output=True, text=True
    )
    assert done.returncode == -9, done.stderr
    assert done.stdout == "inserted\n"
    assert (tmp_path / "h.sqlite-journal").exists()  # the hot journal of the killed transaction
    runs = store.read_runs(path)
    assert [(r.as_of.isoformat(), r.results[0].failed) for r in runs] == [
        ("2026-09-01", 2),
        ("2026-10-01", 3),
    ]
    store.append_run(path, run("2026-11-01", failed=1))  # and the file takes new runs
    assert [r.run_id for r in store.read_runs(path)] == [1, 2, 3]


def test_a_read_only_history_is_read_but_not_written(tmp_path: Path) -> None:
    import os

    path = tmp_path / "h.sqlite"
    store.append_run(path, run("2026-10-01"))
    # root writes files whatever their mode: make the file immutable instead.
    as_root = os.geteuid() == 0
    locked = subprocess.run(["chattr", "+i", str(path)], capture_output=True) if as_root else None
    if locked is not None and locked.returncode != 0:
        pytest.skip("chattr +i is not available on this file system")
    if not as_root:
        path.chmod(0o444)
    try:
        assert len(store.read_runs(path)) == 1
        with pytest.raises(UserError, match="the file or its folder is read-only"):
            store.append_run(path, run("2026-11-01"))
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o644)
    assert len(store.read_runs(path)) == 1
