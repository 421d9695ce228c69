"""The README's SECURITY claims that a test can hold: no network, no code from a rules file."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from audit_helpers import invoke

from crmhealth.errors import ExitCode

ROOT = Path(__file__).resolve().parents[2]


def test_an_audit_opens_no_network_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    result = invoke("audit", ROOT / "rules.example.yaml", "--format", "json", "--quiet")
    assert result.exit_code in (ExitCode.OK, ExitCode.CHECKS_FAILED), result.stderr
    assert attempts == []


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:subprocess.check_output [['touch', '{marker}']]",
        "!!python/name:os.system",
    ],
)
def test_a_rules_file_cannot_run_code(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "c.csv").write_text("id,email\n1,a@b.cn\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    value = tag.format(marker=marker)
    rules.write_text(
        "version: 1\nsources:\n  c: c.csv\nchecks:\n  - type: completeness\n    table: c\n"
        f"    column: email\n    description: {value}\n",
        encoding="utf-8",
    )
    for command in ("validate", "audit"):
        result = invoke(command, rules)
        assert result.exit_code == ExitCode.USAGE_ERROR
        assert "Traceback" not in result.stderr
        assert "a rules file may not use" in result.stderr
        assert not marker.exists()
