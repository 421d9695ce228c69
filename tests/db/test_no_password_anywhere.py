"""The password of a database source appears in nothing crmhealth prints or writes: every report
format, the terminal, fix lists and the history (test_connection_errors covers error messages)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from audit_helpers import invoke
from db.rulesets import PASSWORD_VARIABLE, server_url_template, write_server_rules
from db.servers import Server

from crmhealth.report import REPORTERS


def _forms(password: str) -> list[str]:
    return [password, quote(password, safe=""), quote(password), "Pw7"]


def _text_of(path: Path) -> str:
    """A written file's text; a zip container (XLSX) is searched member by member."""
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return data.decode("utf-8", "replace")


@pytest.mark.parametrize("via", ["url", "environment"])
def test_no_output_format_shows_the_password(
    server: Server, via: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = server.url()
    if via == "environment":
        monkeypatch.setenv(PASSWORD_VARIABLE, server.password)
        url = server_url_template(url, server.password)
    rules = write_server_rules(tmp_path, url, fuzzy=False)
    outputs = [tmp_path / "out" / f"report{r.extensions[0]}" for r in REPORTERS.values()]
    shown = []
    for name in (n for n, r in REPORTERS.items() if r.to_stdout):  # xlsx: files only, below
        result = invoke("audit", rules, "--format", name, "--export", tmp_path / "fixes")
        assert result.exit_code in (0, 1), result.stderr
        shown += [result.stdout, result.stderr]
    args = [a for path in outputs for a in ("--output", path)]
    history = tmp_path / "history.sqlite"
    for _ in range(2):  # the second run compares with the first
        result = invoke("audit", rules, *args, "--history", history)
        assert result.exit_code in (0, 1), result.stderr
        shown += [result.stdout, result.stderr]
    shown += [_text_of(p) for p in outputs]
    assert "auditor:***@" in _text_of(history)  # the history records the source, masked
    shown.append(_text_of(history))
    for view in ("terminal", "json", "html"):
        shown.append(invoke("history", history, "--format", view).stdout)
    shown += [_text_of(p) for p in (tmp_path / "fixes").iterdir()]
    shown.append(invoke("validate", rules).stdout)
    everything = "\n".join(shown)
    assert f"127.0.0.1:{server.port}/crm" in everything  # the source is shown, masked
    for form in _forms(server.password):
        assert form not in everything, f"{form!r} leaked"
