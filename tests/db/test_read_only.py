"""crmhealth never writes to a database it audits: PostgreSQL reads in a READ ONLY transaction,
and a MySQL `query:` is always a derived table, where only a SELECT parses."""

from __future__ import annotations

from pathlib import Path

import pytest
from db.rulesets import one_source_rules
from db.servers import Server, example_frames

from crmhealth.errors import UserError
from crmhealth.rules import load_rules
from crmhealth.sources import load_table


def test_postgres_reads_in_a_read_only_transaction(pg_server: Server, tmp_path: Path) -> None:
    pg_server.sql(
        "CREATE SEQUENCE IF NOT EXISTS audit_probe; GRANT USAGE ON audit_probe TO auditor;"
    )
    rules = one_source_rules(
        tmp_path, pg_server.url(), "query: 'select nextval(''audit_probe'') AS id'"
    )
    with pytest.raises(UserError, match="read-only transaction"):
        load_table(load_rules(rules).sources["contacts"])
    assert "1" not in pg_server.sql("SELECT last_value FROM audit_probe WHERE is_called;")


@pytest.mark.parametrize("statement", ["delete from contacts", "update contacts set email = ''"])
def test_a_query_that_writes_is_refused(server: Server, statement: str, tmp_path: Path) -> None:
    rules = one_source_rules(tmp_path, server.url(), f"query: '{statement}'")
    with pytest.raises(UserError) as caught:
        load_table(load_rules(rules).sources["contacts"])
    assert "its query" in caught.value.message
    assert "3000" in server.sql("SELECT count(*) FROM contacts;")


def test_a_query_source(server: Server, tmp_path: Path) -> None:
    rules = one_source_rules(
        tmp_path,
        server.url(),
        "query: \"select id, email from contacts where lifecycle_stage = 'churned';\"",
    )
    table = load_table(load_rules(rules).sources["contacts"])
    assert table.frame.columns == ["id", "email"]
    assert table.source.endswith(" query")
    expected = server.sql("SELECT count(*) FROM contacts WHERE lifecycle_stage = 'churned';")
    assert str(table.frame.height) in expected


def test_postgres_booleans_read_as_its_csv_export_writes_them(
    pg_server: Server, tmp_path: Path
) -> None:
    pg_server.sql(
        "CREATE TABLE IF NOT EXISTS flags (id int, active boolean, score numeric(6,2));"
        "TRUNCATE flags; INSERT INTO flags VALUES (1, true, 1.50), (2, false, NULL), (3, NULL, 0);"
        "GRANT SELECT ON flags TO auditor;"
    )
    rules = one_source_rules(tmp_path, pg_server.url(), "table: flags")
    frame = load_table(load_rules(rules).sources["contacts"]).frame.sort("id")
    assert frame.rows() == [("1", "t", "1.50"), ("2", "f", None), ("3", None, "0.00")]


def test_a_second_statement_is_refused_before_anything_runs(server: Server, tmp_path: Path) -> None:
    rules = one_source_rules(
        tmp_path, server.url(), "query: 'select * from contacts; drop table contacts'"
    )
    with pytest.raises(UserError, match="one SELECT statement"):
        load_table(load_rules(rules).sources["contacts"])
    assert "3000" in server.sql("SELECT count(*) FROM contacts;")


def test_a_query_may_end_in_a_comment_and_hold_semicolons_in_quotes(
    server: Server, tmp_path: Path
) -> None:
    rules = one_source_rules(
        tmp_path,
        server.url(),
        "query: \"select id, email from contacts where email <> ';' -- not churned;\"",
    )
    table = load_table(load_rules(rules).sources["contacts"])
    assert table.frame.columns == ["id", "email"]
    emails = example_frames()["contacts"].get_column("email")
    assert table.frame.height == emails.drop_nulls().len() == 2912  # `<>` skips nulls
