"""Every way a database source can be unreachable is one exit-2 line naming host, database and
table (or the rules line), with the password masked; never a traceback, never a long hang."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from audit_helpers import invoke, position
from db.rulesets import one_source_rules
from db.servers import Server, free_port

from crmhealth.errors import ExitCode
from crmhealth.sources import server as server_module


def _fails_cleanly(rules: Path, server: Server, *expected: str) -> str:
    result = invoke("audit", rules, "--quiet")
    assert result.exit_code == ExitCode.USAGE_ERROR, result.output
    message = result.stderr
    assert len(message.strip().splitlines()) == 1, message
    assert "Traceback" not in message
    for secret in (server.password, quote(server.password, safe=""), "Pw7"):
        assert secret not in result.output + message
    assert position(rules, "contacts: {url").rsplit(":", 2)[0] in message  # the rules file
    for text in expected:
        assert text in message, message
    return message


def test_connection_refused(server: Server, tmp_path: Path) -> None:
    port = free_port()
    url = server.url().replace(f":{server.port}/", f":{port}/")
    _fails_cleanly(
        one_source_rules(tmp_path, url),
        server,
        f"127.0.0.1:{port}",
        "connection refused",
        "contacts",
    )


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and then never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_timeout(
    server: Server, tmp_path: Path, silent_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "CONNECT_TIMEOUT_SECONDS", 1)
    monkeypatch.setattr(server_module, "PROBE_TIMEOUT_SECONDS", 1)
    url = server.url().replace(f":{server.port}/", f":{silent_port}/")
    _fails_cleanly(
        one_source_rules(tmp_path, url), server, f"127.0.0.1:{silent_port}", "no answer", "contacts"
    )


def test_wrong_password(server: Server, tmp_path: Path) -> None:
    url = server.url(password="Pw7-wrong")
    message = _fails_cleanly(
        one_source_rules(tmp_path, url),
        server,
        f"127.0.0.1:{server.port}",
        "refused user 'auditor'",
    )
    assert "table 'contacts'" in message


def test_unknown_database(server: Server, tmp_path: Path) -> None:
    url = server.url(database="nocrm")
    _fails_cleanly(
        one_source_rules(tmp_path, url), server, "no database 'nocrm'", f"127.0.0.1:{server.port}",
        "contacts",
    )  # fmt: skip


def test_unknown_table_suggests_the_closest(server: Server, tmp_path: Path) -> None:
    _fails_cleanly(
        one_source_rules(tmp_path, server.url(), "table: contact"),
        server,
        "no table 'contact' in database 'crm' on",
        f"127.0.0.1:{server.port}",
        "did you mean 'contacts'",
    )


def test_unknown_column_points_at_the_check(server: Server, tmp_path: Path) -> None:
    rules = one_source_rules(tmp_path, server.url(), column="emial")
    message = _fails_cleanly(rules, server, "has no column 'emial'", "did you mean 'email'")
    assert position(rules, "- {id: filled", at="column") in message


def test_unknown_column_in_a_query(server: Server, tmp_path: Path) -> None:
    rules = one_source_rules(tmp_path, server.url(), "query: 'select id, emial from contacts'")
    _fails_cleanly(rules, server, "emial", "its query", "database 'crm'")


@pytest.mark.parametrize(
    ("scheme", "modules", "extra"),
    [
        ("postgresql", ["adbc_driver_postgresql", "adbc_driver_postgresql.dbapi"], "postgres"),
        ("mysql", ["pymysql"], "mysql"),
        ("mysql", ["connectorx"], "mysql"),
    ],
)
def test_missing_driver_names_the_extra(
    scheme: str,
    modules: list[str],
    extra: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    server: Server = request.getfixturevalue(
        "pg_server" if scheme == "postgresql" else "maria_server"
    )
    blocked: dict[str, Any] = dict.fromkeys(modules)
    if modules == ["connectorx"]:
        # Reading the schema works without ConnectorX; loading the rows needs it.
        for name in modules:
            monkeypatch.setitem(sys.modules, name, blocked[name])
        result = invoke("audit", one_source_rules(tmp_path, server.url()), "--quiet")
    else:
        for name in modules:
            monkeypatch.setitem(sys.modules, name, blocked[name])
        result = invoke("validate", one_source_rules(tmp_path, server.url()))
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert f"pip install 'crmhealth[{extra}]'" in result.stderr
