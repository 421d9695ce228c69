"""execute: pushdown — checks counted inside the server give exactly the figures of the same
checks run locally, including on values where the SQL dialects differ from Polars (Unicode
spaces and invisible characters, case, trailing spaces under MySQL's PAD SPACE collations)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from db.rulesets import write_csv_rules, write_server_rules
from db.servers import Server

from crmhealth.engine import execute_audit, run_audit
from crmhealth.results import AuditReport
from crmhealth.rules import load_rules


def _figures(report: AuditReport) -> list[tuple[Any, ...]]:
    return [
        (r.check, r.column, r.status, r.failed, r.total,
         tuple((g.group, g.failed, g.total) for g in r.breakdown))
        for r in report.results
    ]  # fmt: skip


def test_example_audit_pushed_down_equals_the_csv_figures(server: Server, tmp_path: Path) -> None:
    expected = run_audit(load_rules(write_csv_rules(tmp_path)))
    rules = write_server_rules(tmp_path, server.url(), fuzzy=False)
    run = execute_audit(load_rules(rules))
    report, where = run.report, run.ran_in
    local = [r for r in expected.results if r.check != "duplicate-people"]
    assert _figures(report) == [f for f in _figures(expected) if f[0] != "duplicate-people"]
    assert len(report.results) == len(local)
    assert {c for c, w in where.items() if w == "database"} == {
        "contact-fields", "account-industry", "lifecycle-stage", "contact-account",
    }  # fmt: skip
    assert all(r.details["ran_in"] == where[r.check] for r in report.results)
    # Samples come from the server too: as many, with the same reasons, ids that fail.
    for ours, theirs in zip(report.results, local, strict=True):
        assert len(ours.samples) == len(theirs.samples), ours.check
        assert {repr(getattr(s, "reason", None)) for s in ours.samples} == {
            repr(getattr(s, "reason", None)) for s in theirs.samples
        }


def test_execute_local_pulls_everything(server: Server, tmp_path: Path) -> None:
    rules = write_server_rules(tmp_path, server.url(), fuzzy=False, execute="local")
    run = execute_audit(load_rules(rules))
    where = run.ran_in
    assert set(where.values()) == {"local"}


# Values where SQL and Polars could disagree; `stage` is checked against lead/prospect.
HOSTILE = [
    ("1", None, "lead", "A"),
    ("2", "", "Lead", "a"),
    ("3", " ", "lead ", "a "),
    ("4", "\u3000", " lead", "\u3000A"),
    ("5", "\u200b", "LEAD", None),
    ("6", "\xa0x\xa0", "prospect\t", "B"),
    ("7", "x", "prospect", "b"),
    ("8", "\ufeff", "customer", "\u200bb"),
    ("9", "\u00ad", None, ""),
    ("10", "it's", "le\u00e0d", "\u00e9"),
    ("11", "\t\n", "潜在客户", "E\u0301"),
    ("12", "y\u2028", "lead\u200b", "\u00c9"),
    ("13", "ok", "it's", "B"),
    ("14", "ok", "a\\b", "b"),
    ("15", "ok", "a\\\\b", "b"),
]
HOSTILE_CHECKS = [
    {"id": "filled", "type": "completeness", "table": "people", "columns": ["name", "stage"],
     "by": "owner"},
    {"id": "stage", "type": "validity", "table": "people", "column": "stage", "format": "allowed",
     "values": ["lead", "prospect", "it's", "a\\b"], "by": "owner"},
    {"id": "stage-ci", "type": "validity", "table": "people", "column": "stage",
     "format": "allowed", "values": ["lead", "prospect"], "case_sensitive": False},
]  # fmt: skip


def test_dialect_edges_give_the_local_figures(server: Server, tmp_path: Path) -> None:
    import polars as pl
    from audit_helpers import write_rules
    from db.servers import load_frames

    frame = pl.DataFrame(
        HOSTILE, schema=["id", "name", "stage", "owner"], orient="row"
    ).with_columns(pl.all().cast(pl.String))
    table = f"people_{server.scheme}"
    server.sql(f"DROP TABLE IF EXISTS {table};")
    load_frames(server, {table: frame})
    if server.scheme == "postgresql":
        server.sql(f"GRANT SELECT ON {table} TO auditor;")
    pushed = write_rules(
        tmp_path, {"people": {"url": server.url(), "table": table}}, HOSTILE_CHECKS,
        name="pushed.yaml",
    )  # fmt: skip
    pulled = write_rules(
        tmp_path, {"people": {"url": server.url(), "table": table, "execute": "local"}},
        HOSTILE_CHECKS, name="pulled.yaml",
    )  # fmt: skip
    run = execute_audit(load_rules(pushed))
    report, where = run.report, run.ran_in
    assert where == {"filled": "database", "stage": "database", "stage-ci": "local"}
    expected = run_audit(load_rules(pulled))
    assert _figures(report) == _figures(expected)
    # Hand-counted: name is missing in rows 1-5, 8, 9, 11 (null, empty, spaces, invisibles).
    assert [(r.column, r.failed) for r in report.results][:2] == [("name", 8), ("stage", 1)]


@pytest.mark.parametrize("execute", ["pushdown", "local"])
def test_execute_is_only_for_servers(execute: str, tmp_path: Path) -> None:
    from audit_helpers import write_rules

    from crmhealth.errors import UserError

    rules = write_rules(
        tmp_path, {"people": {"path": "x.csv", "execute": execute}}, HOSTILE_CHECKS[:1]
    )
    with pytest.raises(UserError, match="for database servers"):
        load_rules(rules)


def test_the_cli_pushes_down_and_says_where(server: Server, tmp_path: Path) -> None:
    import json

    from audit_helpers import invoke

    rules = write_server_rules(tmp_path, server.url(), fuzzy=False)
    result = invoke("audit", rules, "--format", "json")
    assert result.exit_code == 1, result.stderr
    ran = {r["check"]: r["details"]["ran_in"] for r in json.loads(result.stdout)["checks"]}
    assert ran["contact-fields"] == "database" and ran["contact-phone"] == "local"
    # Fix lists need every failing row: an --export run pulls the columns and checks here.
    exported = invoke("audit", rules, "-q", "--export", tmp_path / "fixes")
    assert exported.exit_code == 1, exported.stderr
    assert (tmp_path / "fixes" / "contact-fields.csv").is_file()


def test_references_compare_exactly_in_the_server(server: Server, tmp_path: Path) -> None:
    """An integrity check pushed down: keys are trimmed of Unicode spaces like locally, and
    compared byte for byte (MySQL's default collation would find 'acc-1' in 'ACC-1')."""
    import polars as pl
    from audit_helpers import write_rules
    from db.servers import load_frames

    accounts = pl.DataFrame({"id": ["ACC-1", "acc-2 ", "\u3000ACC-3", "ACC-4", None]})
    deals = pl.DataFrame(
        {
            "id": [str(i) for i in range(1, 10)],
            "account": ["acc-1", "ACC-2", "acc-2", "ACC-3", None, "", "ACC-4\u200b", "ACC-1", "x"],
        }
    )
    suffix = server.scheme
    for name in ("accounts_ref", "deals_ref"):
        server.sql(f"DROP TABLE IF EXISTS {name}_{suffix};")
    load_frames(server, {f"accounts_ref_{suffix}": accounts, f"deals_ref_{suffix}": deals})
    if server.scheme == "postgresql":
        server.sql(f"GRANT SELECT ON accounts_ref_{suffix}, deals_ref_{suffix} TO auditor;")
    checks = [{"id": "deal-account", "type": "integrity", "table": "deals", "column": "account",
               "references": "accounts.id"}]  # fmt: skip

    def rules(execute: str) -> Path:
        sources = {
            name: {"url": server.url(), "table": f"{name}_ref_{suffix}", "execute": execute}
            for name in ("accounts", "deals")
        }
        return write_rules(tmp_path, sources, checks, name=f"{execute}.yaml")

    run = execute_audit(load_rules(rules("pushdown")))
    report, where = run.report, run.ran_in
    assert where == {"deal-account": "database"}
    expected = run_audit(load_rules(rules("local")))
    assert _figures(report) == _figures(expected)
    # Hand-counted: 7 keys present (not null, not blank); acc-1, ACC-2 and x point at nothing
    # (ACC-4 followed by a zero-width space is ACC-4 once trimmed, as locally).
    assert (report.results[0].failed, report.results[0].total) == (3, 7)


def test_fix_lists_from_a_server_come_from_one_read(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server table has no row order of its own, so the fix lists reuse the audit's read
    (every column) instead of finding rows by position in a second read."""
    import crmhealth.engine as engine

    reads: list[str] = []
    real = engine.load_table

    def counting(ref: Any, columns: Any = None) -> Any:
        reads.append(ref.name)
        return real(ref, columns)

    monkeypatch.setattr(engine, "load_table", counting)
    rules = write_server_rules(tmp_path, server.url(), fuzzy=False)
    run = execute_audit(load_rules(rules), keep_failing=True)
    stage = engine.fix_lists_of(run)
    rows = [
        row for check in stage.checks() for batch in stage.batches(check) for row in batch.rows()
    ]
    assert rows  # the example export has failures
    assert sorted(reads) == sorted(set(reads))  # every table read once, fix lists included
