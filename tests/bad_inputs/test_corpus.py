"""Every case of the bad-input corpus (corpus.py) through `crmhealth audit` and `validate`:
the exit code, the key words of the message, no traceback, inputs unchanged, and validate
refusing exactly what the audit refuses."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bad_inputs.corpus import CASES, Case
from typer.testing import CliRunner

from crmhealth.cli import app
from crmhealth.errors import ExitCode

OLD = 1_000_000_000_000_000_000  # an mtime (ns) a rewrite within the same clock tick cannot hide


def _params(cases: list[Case]) -> list[Any]:
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(strict=True, reason=f"{case.owner}: not merged yet")]
            if case.pending
            else [],
        )
        for case in cases
    ]


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def _run(*args: str) -> Ran:
    result = CliRunner().invoke(app, list(args), catch_exceptions=True)
    exception = result.exception
    if isinstance(exception, SystemExit):
        exception = None
    return Ran(result.exit_code, result.stdout, result.stderr, exception)


def _feed_fifos(folder: Path, stop: threading.Event) -> None:
    """Keep a writer ready for each FIFO: a reader gets the text and an end, never a hang."""
    fifos = [p for p in folder.iterdir() if stat.S_ISFIFO(p.lstat().st_mode)]
    while fifos and not stop.wait(0.02):
        for fifo in list(fifos):
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet
                continue
            with os.fdopen(fd, "wb") as pipe:
                pipe.write(b"id,name,email\n1,a,b\n")
            fifos.remove(fifo)


def _snapshot(folder: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under `folder`: kind, and for files the content hash, mtime and mode."""
    entries: dict[str, tuple[Any, ...]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        name = str(path.relative_to(folder))
        if stat.S_ISREG(info.st_mode):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            entries[name] = ("file", digest, info.st_mtime_ns, stat.S_IMODE(info.st_mode))
        else:
            entries[name] = ("dir" if stat.S_ISDIR(info.st_mode) else "other",)
    return entries


@pytest.fixture
def make_case(tmp_path: Path) -> Iterator[Any]:
    stop = threading.Event()
    feeders: list[threading.Thread] = []

    def make(case: Case) -> tuple[Path, Path]:
        inputs, outputs = tmp_path / "in", tmp_path / "out"
        inputs.mkdir()
        outputs.mkdir()
        for name, content in case.files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (inputs / name).write_bytes(data)
        if case.setup is not None:
            case.setup(inputs)
        for path in inputs.rglob("*"):
            if path.is_file():
                os.utime(path, ns=(OLD, OLD))
        feeder = threading.Thread(target=_feed_fifos, args=(inputs, stop), daemon=True)
        feeder.start()
        feeders.append(feeder)
        return inputs, outputs

    yield make
    stop.set()
    for feeder in feeders:
        feeder.join(timeout=5)


def _audit_args(case: Case, inputs: Path, outputs: Path) -> list[str]:
    extra = [a.replace("{in}", str(inputs)).replace("{out}", str(outputs)) for a in case.audit_args]
    shown = [] if {"--format", "--output"} & set(extra) else ["--format", "json"]
    return ["audit", str(inputs / "rules.yaml"), "--quiet", *shown, *case.args, *extra]


def _assert_no_traceback(ran: Ran) -> None:
    assert ran.exception is None, f"{type(ran.exception).__name__}: {ran.exception}"
    assert "Traceback" not in ran.stderr + ran.stdout


def _assert_expected(case: Case, ran: Ran, inputs: Path) -> None:
    """The case's exit code, key words and figures."""
    assert ran.exit_code == case.exit, ran.stderr or ran.stdout[-2000:]
    for text in case.forbidden:
        assert text not in ran.stderr + ran.stdout
    if case.exit == ExitCode.USAGE_ERROR:
        assert ran.stdout == ""
        if ran.stderr.startswith("crmhealth: error: "):
            assert ran.stderr.count("\n") == 1, "an error is one line"
        # Matched without the test's own folder (its name holds the case's name).
        line = ran.stderr.rstrip("\n").replace(str(inputs), "IN")
        assert re.search(case.key, line), line
        return
    assert re.search(case.key, ran.stdout.replace(str(inputs), "IN")), ran.stdout[-2000:]
    document = json.loads(ran.stdout)
    for figure in case.figures:
        (result,) = [c for c in document["checks"] if c["check"] == figure.check]
        assert (result["failed"], result["total"]) == (figure.failed, figure.total)
        if figure.status is not None:
            assert result["status"] == figure.status


@pytest.mark.parametrize("case", _params(CASES))
def test_case(case: Case, make_case: Any) -> None:
    inputs, outputs = make_case(case)
    before = _snapshot(inputs)
    ran = _run(*_audit_args(case, inputs, outputs))
    _assert_no_traceback(ran)
    assert _snapshot(inputs) == before, "an input was changed, or a file added beside them"
    _assert_expected(case, ran, inputs)


# Cases whose mistake is in an option only the audit has (--output, --export, --format) have
# nothing for validate to refuse; every other case must be judged alike.
SHARED = [case for case in CASES if not case.audit_args]


@pytest.mark.parametrize("case", _params(SHARED))
def test_validate_refuses_exactly_what_the_audit_refuses(case: Case, make_case: Any) -> None:
    inputs, outputs = make_case(case)
    before = _snapshot(inputs)
    audited = _run(*_audit_args(case, inputs, outputs))
    validated = _run("validate", str(inputs / "rules.yaml"), *case.args)
    _assert_no_traceback(validated)
    assert _snapshot(inputs) == before
    refused = audited.exit_code == ExitCode.USAGE_ERROR
    assert (validated.exit_code == ExitCode.USAGE_ERROR) == refused, validated.stderr
    if refused:
        assert validated.stderr == audited.stderr
    else:
        assert validated.exit_code == ExitCode.OK
        assert validated.stdout.startswith(f"{inputs / 'rules.yaml'}: OK")
    _assert_expected(case, audited, inputs)  # and the audit does what the case expects
