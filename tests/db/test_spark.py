"""Spark (PySpark in local mode): the example export as Parquet files audited with the checks
counted by Spark gives the CSV source's figures for every check type (those that cannot run in
Spark run locally on the columns Spark hands over)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import yaml
from components import require
from db.rulesets import example_rules, write_csv_rules
from db.servers import example_frames

from crmhealth.engine import execute_audit, run_audit
from crmhealth.rules import load_rules


def _figures(results: Any) -> list[tuple[Any, ...]]:
    return [
        (r.check, r.column, r.status, r.failed, r.total,
         tuple((g.group, g.failed, g.total) for g in r.breakdown))
        for r in results
    ]  # fmt: skip


def test_spark_figures_equal_the_csv_sources(tmp_path: Path) -> None:
    require("Java", shutil.which("java") is not None, "PySpark needs Java 17")
    require("PySpark", importlib.util.find_spec("pyspark") is not None, "pip install pyspark")
    for name, frame in example_frames().items():
        frame.write_parquet(tmp_path / f"{name}.parquet")
    rules = example_rules()
    rules["checks"] = [c for c in rules["checks"] if c.get("match") != "fuzzy"]  # slow, local
    rules["sources"] = {n: {"spark": str(tmp_path / f"{n}.parquet")} for n in rules["sources"]}
    path = tmp_path / "spark.yaml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")

    run = execute_audit(load_rules(path))
    report, where = run.report, run.ran_in

    expected = run_audit(load_rules(write_csv_rules(tmp_path)))
    wanted = [r for r in expected.results if r.check != "duplicate-people"]
    assert _figures(report.results) == _figures(wanted)
    assert {c for c, w in where.items() if w == "database"} == {
        "contact-fields", "account-industry", "lifecycle-stage", "contact-account",
    }  # fmt: skip
    sources = {t.name: t.source for t in report.tables}
    assert sources["contacts"] == f"spark {tmp_path / 'contacts.parquet'}"


def test_spark_unknown_table_or_path_is_one_clear_error(tmp_path: Path) -> None:
    require("Java", shutil.which("java") is not None, "PySpark needs Java 17")
    require("PySpark", importlib.util.find_spec("pyspark") is not None, "pip install pyspark")
    from audit_helpers import invoke

    from crmhealth.errors import ExitCode

    for target in ("crm.no_such_table", str(tmp_path / "missing.parquet")):
        document = {
            "version": 1,
            "sources": {"contacts": {"spark": target}},
            "checks": [{"type": "completeness", "table": "contacts", "column": "email"}],
        }
        path = tmp_path / "rules.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        result = invoke("validate", path)
        assert result.exit_code == ExitCode.USAGE_ERROR
        assert f"Spark has no table or path '{target}'" in result.stderr
        assert "Traceback" not in result.stderr
