"""A CRM audited in its database reads exactly as its CSV export: the example export loaded into
a real PostgreSQL and a real MariaDB gives the same figures as the files, for every check type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from audit_helpers import invoke
from db.rulesets import (
    PASSWORD_VARIABLE,
    example_rules,
    server_url_template,
    write_csv_rules,
    write_server_rules,
)
from db.servers import Server, example_frames

from crmhealth.engine import run_audit
from crmhealth.results import AuditReport
from crmhealth.rules import load_rules
from crmhealth.sources import load_table


def _figures(report: AuditReport) -> list[tuple[Any, ...]]:
    return [
        (
            r.check,
            r.column,
            r.status,
            r.failed,
            r.total,
            r.groups,
            tuple((g.group, g.failed, g.total) for g in r.breakdown),
            # where the check ran is not a figure: the rest of the details must be equal
            json.dumps(
                {k: v for k, v in r.details.items() if k != "ran_in"}, sort_keys=True, default=str
            ),
        )
        for r in report.results
    ]


@pytest.fixture(scope="module")
def csv_report(tmp_path_factory: pytest.TempPathFactory) -> AuditReport:
    return run_audit(load_rules(write_csv_rules(tmp_path_factory.mktemp("csv"))))


def test_the_example_rules_cover_every_check_type_the_servers_are_compared_on() -> None:
    types = {c["type"] for c in example_rules()["checks"]}
    assert types >= {
        "completeness", "validity", "duplicates", "integrity", "expression", "freshness",
        "usage", "feedback_coverage",
    }  # fmt: skip


@pytest.fixture(
    scope="module",
    params=[
        ("postgresql", "pushdown"),
        ("postgresql", "local"),
        ("mysql", "pushdown"),
        ("mysql", "local"),
    ],
    ids=lambda p: "-".join(p),
)
def server_report(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AuditReport:
    """The example rules audited from a server, the password coming from the environment, with
    the checks counted in the server (pushdown) or on the pulled columns (local)."""
    kind, execute = request.param
    server: Server = request.getfixturevalue(
        "pg_server" if kind == "postgresql" else "maria_server"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PASSWORD_VARIABLE, server.password)
        folder = tmp_path_factory.mktemp(f"{kind}-{execute}")
        url = server_url_template(server.url(), server.password)
        rules = write_server_rules(folder, url, execute=execute)
        report = run_audit(load_rules(rules))
    ran_in = {r.details.get("ran_in", "local") for r in report.results}
    assert ran_in == ({"database", "local"} if execute == "pushdown" else {"local"})
    return report


def test_every_figure_equals_the_csv_sources(
    server_report: AuditReport, csv_report: AuditReport
) -> None:
    assert _figures(server_report) == _figures(csv_report)
    assert server_report.score == csv_report.score
    # Independently known truth (examples/TRUTH.md): 130 contacts lack an e-mail, 149 a phone.
    missing = {r.column: r.failed for r in server_report.results if r.check == "contact-fields"}
    assert (missing["email"], missing["phone"]) == (130, 149)
    assert [(t.name, t.rows, t.columns) for t in server_report.tables] == [
        (t.name, t.rows, t.columns) for t in csv_report.tables
    ]


def test_as_many_samples_as_from_the_csv(
    server_report: AuditReport, csv_report: AuditReport
) -> None:
    """The same number of samples per result. Which records they quote may differ: a table has
    no row order of its own (a server may return rows in another order than they were loaded)."""
    assert [len(r.samples) for r in server_report.results] == [
        len(r.samples) for r in csv_report.results
    ]


@pytest.mark.parametrize("table", ["contacts", "accounts", "activities", "users", "feedback"])
def test_values_read_as_the_export_writes_them(server: Server, table: str, tmp_path: Path) -> None:
    """Typed columns (BIGINT ids and scores, TIMESTAMP/DATETIME) come back as the same text."""
    rules = write_server_rules(tmp_path, server.url())
    from_server = load_table(load_rules(rules).sources[table]).frame
    expected = example_frames()[table]
    assert from_server.columns == expected.columns
    assert from_server.schema == pl.Schema({c: pl.String for c in expected.columns})
    key = expected.columns[0]
    assert from_server.sort(key).equals(expected.sort(key))


def test_only_the_needed_columns_are_read(server: Server, tmp_path: Path) -> None:
    rules = write_server_rules(tmp_path, server.url())
    table = load_table(load_rules(rules).sources["contacts"], ["email"])
    assert table.frame.columns == ["id", "email"]  # the id column rides along for samples
    assert table.total_columns == 12
    assert table.frame.height == 3000


def _fix_lists(folder: Path) -> dict[str, list[tuple[str | None, ...]]]:
    """Each fix list's records without the source row numbers (a table has no lines)."""
    lists = {}
    for path in sorted(folder.glob("*.csv")):
        frame = pl.read_csv(path, infer_schema=False).drop("row")
        frame = frame.with_columns(pl.col("reason").str.replace_all(r"\brow \d+", "row N"))
        lists[path.name] = sorted(frame.rows(), key=repr)
    return lists


def test_fix_lists_name_the_same_records(server: Server, tmp_path: Path) -> None:
    """--export re-reads every column of a server table: the rows it names are the records the
    checks found, as from the CSV export."""
    csv_rules = write_csv_rules(tmp_path)
    text = csv_rules.read_text("utf-8")
    document = yaml.safe_load(text)
    document["checks"] = [c for c in document["checks"] if c.get("match") != "fuzzy"]
    csv_rules.write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    server_rules = write_server_rules(tmp_path, server.url(), fuzzy=False)
    assert invoke("audit", csv_rules, "-q", "--export", tmp_path / "csv").exit_code == 1
    assert invoke("audit", server_rules, "-q", "--export", tmp_path / "db").exit_code == 1
    expected, got = _fix_lists(tmp_path / "csv"), _fix_lists(tmp_path / "db")
    assert len(expected) >= 10
    # Which member of a duplicate group is "the duplicate" depends on row order, which a table
    # does not have: the same number of them, and the same records everywhere else.
    assert len(got.pop("duplicate-emails.csv")) == len(expected.pop("duplicate-emails.csv"))
    assert got == expected
