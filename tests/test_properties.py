"""Property-based tests: random CSV exports and random valid rules through the real CLI.

Hypothesis writes CSVs with random encodings (UTF-8, UTF-8 with BOM, GBK), quoting, line
endings, ragged rows, empty and invisible values and hostile strings (formulas, quotes,
delimiters, line breaks, escape codes), and random valid checks over them (completeness,
validity, freshness, exact and fuzzy duplicates, expressions with ``dates:``, metric,
satisfaction; some limited by ``where:``). Whatever it draws:

- no traceback, and the exit code is 0, 1 or 2;
- 0 ≤ failed ≤ total for every result;
- a check that counts rows (completeness, freshness, an expression; without ``where:``) has
  total = the table's row count, and the table has as many rows as were written;
- a completeness check's failed = the cells that show nothing, counted independently here;
- ``validate`` refuses exactly what the audit refuses (exit 2, the same line), and accepts
  the rest;
- the same rows in UTF-8, GBK and UTF-8 with a BOM give identical figures, and so do the same
  rows quoted minimally or in full, with LF or CRLF line endings.

Reproducible by default: the ``ci`` profile is derandomized (the same examples on every run and
machine) and keeps no example database. ``HYPOTHESIS_PROFILE=explore`` draws fresh, and more,
examples when hunting for bugs by hand. The ``ci`` profile (60 examples per test, three tests)
takes about 6–10 s on 2 shared cores; ``explore`` (400 each) about 50 s.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from crmhealth.cli import app
from crmhealth.errors import ExitCode

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", max_examples=400, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

COLUMNS = ["name", "email", "phone", "城市", "amount", "updated_at", "备注 说明"]
INVISIBLE = ["\u200b", "\u3000", "\u00a0", "\ufeff", " ", "\t"]
HOSTILE = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(A1)",
    '"quoted"',
    'he said "hi", then left',
    "a,b;c|d\te",
    "line\nbreak",
    "crlf\r\ninside",
    "\x1b[31mred\x1b[0m",
    "'; DROP TABLE contacts; --",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "${HOME}",
    "NaN",
    "1e400",
    "-0",
    "0x1F",
    "\\N",
    "NULL",
]
PLAIN = [
    "Li Na",
    "王伟",
    "张三丰",
    "lina.li@qq.com",
    "wang at 163.com",
    "13912345678",
    "+86 139 1234 5678",
    "010-6552 9988",
    "2026-10-01",
    "2026/03/04",
    "03-Oct-2026",
    "1700000000",
    "12.5",
    "-3",
    "北京市朝阳区",
    "深圳",
    "ACME Ltd.",
]


def _gbk_safe(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def values(gbk_only: bool) -> st.SearchStrategy[str | None]:
    """A cell: plain, missing (null or empty), invisible, hostile, or random text."""
    random_text = st.text(
        alphabet=st.characters(
            codec="gbk" if gbk_only else "utf-8",
            exclude_categories=["Cs"],
            exclude_characters="\x00",
        ),
        max_size=8,
    )
    pool = [*PLAIN, *HOSTILE, *INVISIBLE, ""]
    if gbk_only:
        pool = [v for v in pool if _gbk_safe(v)]
    return st.one_of(st.none(), st.sampled_from(pool), random_text)


@dataclass(frozen=True)
class Export:
    columns: list[str]
    rows: list[list[str | None]]
    quoting: int
    newline: str
    ragged: dict[int, int]  # row index → fields added (+1) or removed (-1)

    def text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, quoting=self.quoting, lineterminator=self.newline)
        writer.writerow(["id", *self.columns])
        for index, row in enumerate(self.rows):
            fields = [str(index + 1), *("" if v is None else v for v in row)]
            change = self.ragged.get(index, 0)
            fields = fields[:change] if change < 0 else fields + ["extra"] * change
            writer.writerow(fields)
        return out.getvalue()


@st.composite
def exports(draw: Any, gbk_only: bool = False, ragged: bool = True) -> Export:
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=3, unique=True))
    rows = draw(
        st.lists(
            st.lists(values(gbk_only), min_size=len(columns), max_size=len(columns)),
            min_size=1,
            max_size=12,
        )
    )
    changes: dict[int, int] = {}
    if ragged and draw(st.booleans()):
        index = draw(st.integers(0, len(rows) - 1))
        changes[index] = draw(st.sampled_from([-1, 1]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return Export(columns, rows, quoting, newline, changes)


ROW_COUNTING = {"completeness", "freshness", "expression"}

# What "shows nothing", from the Unicode character database rather than crmhealth's code: the
# White_Space property (PropList.txt) and the zero-width / default-ignorable format characters
# the issue names (zero-width space, joiners, word joiner, BOM) plus the soft hyphen.
WHITE_SPACE = set("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)
}
ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")


def shows_nothing(value: str | None) -> bool:
    return value is None or all(ch in WHITE_SPACE | ZERO_WIDTH for ch in value)


def missing_cells(export: Export, column: str) -> int:
    """Rows whose `column` is missing as written (a short ragged row lacks its last field)."""
    position = export.columns.index(column)
    count = 0
    for index, row in enumerate(export.rows):
        cut = export.ragged.get(index) == -1 and position == len(export.columns) - 1
        count += cut or shows_nothing(row[position])
    return count


@st.composite
def checks(draw: Any, columns: list[str]) -> list[dict[str, Any]]:
    """Valid checks over `columns` (each type's parameters drawn from its valid range)."""

    def one(column: str) -> st.SearchStrategy[dict[str, Any]]:
        return st.sampled_from(
            [
                {"type": "completeness", "column": column},
                {"type": "validity", "column": column, "format": "email"},
                {"type": "validity", "column": column, "format": "phone"},
                {"type": "validity", "column": column, "format": "date"},
                {"type": "validity", "column": column, "format": "regex", "pattern": "^[0-9]+$"},
                {"type": "validity", "column": column, "format": "range", "min": 0, "max": 100},
                {"type": "freshness", "column": column, "max_age": "180d"},
                {"type": "duplicates", "keys": [column]},
                {"type": "expression", "condition": f'"{column}" IS NOT NULL'},
                {"type": "expression", "dates": [column], "condition": f'"{column}" <= as_of'},
                {"type": "validity", "column": column, "format": "allowed", "values": ["王伟"]},
                {"type": "satisfaction", "column": column, "scale": "nps"},
                {"type": "metric", "metric": "COUNT(*)", "min": 1},
                {"type": "duplicates", "match": "fuzzy", "fields": {column: "name"}},
            ]
        )

    def scoped(check: dict[str, Any], column: str) -> st.SearchStrategy[dict[str, Any]]:
        """The check as it is, or limited to the rows where `column` is present."""
        where = {**check, "where": f'"{column}" IS NOT NULL'}
        scopable = check["type"] in {"completeness", "validity", "freshness", "expression"}
        return st.sampled_from([check, where]) if scopable else st.just(check)

    drawn = draw(
        st.lists(
            st.tuples(st.sampled_from(columns).flatmap(one), st.sampled_from(columns)).flatmap(
                lambda pair: scoped(*pair)
            ),
            min_size=1,
            max_size=4,
        )
    )
    unique = {json.dumps(c, sort_keys=True): c for c in drawn}
    return [{"id": f"c{i}", **c} for i, c in enumerate(unique.values())]


def _audit(folder: Path, sources: dict[str, str], rules: list[dict[str, Any]]) -> Any:
    document = {
        "version": 1,
        "as_of": "2026-11-01",
        "region": "CN",
        "sources": sources,
        "checks": [
            {**check, "id": f"{check['id']}-{table}", "table": table}
            for table in sources
            for check in rules
        ],
    }
    path = folder / "rules.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return CliRunner().invoke(
        app, ["audit", str(path), "--format", "json", "--quiet"], catch_exceptions=True
    )


def _assert_sane(result: Any) -> dict[str, Any] | None:
    """No traceback, exit 0/1/2, 0 ≤ failed ≤ total; the JSON document unless exit 2."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.stderr
    assert result.exit_code in {ExitCode.OK, ExitCode.CHECKS_FAILED, ExitCode.USAGE_ERROR}
    if result.exit_code == ExitCode.USAGE_ERROR:
        assert result.stdout == ""
        assert result.stderr.startswith("crmhealth: error: ")
        assert result.stderr.count("\n") == 1
        return None
    document: dict[str, Any] = json.loads(result.stdout)
    for check in document["checks"]:
        assert 0 <= check["failed"] <= check["total"], check
    return document


@given(export=exports(), data=st.data(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
def test_any_export_and_valid_rules_give_sane_figures(
    export: Export, data: Any, encoding: str
) -> None:
    text = export.text()
    if encoding == "gbk" and not _gbk_safe(text):
        encoding = "utf-8"
    rules = data.draw(checks(export.columns))
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "t.csv").write_bytes(text.encode(encoding))
        audited = _audit(Path(folder), {"t": "t.csv"}, rules)
        document = _assert_sane(audited)
        validated = CliRunner().invoke(
            app, ["validate", str(Path(folder) / "rules.yaml")], catch_exceptions=True
        )
    # validate refuses exactly what the audit refuses, with the same line.
    assert validated.exception is None or isinstance(validated.exception, SystemExit)
    if document is None:
        assert (validated.exit_code, validated.stderr) == (ExitCode.USAGE_ERROR, audited.stderr)
    else:
        assert validated.exit_code == ExitCode.OK, validated.stderr
    if export.ragged and document is not None:
        # A row with more fields is refused (exit 2); one with fewer is read today.
        assert set(export.ragged.values()) == {-1}
    if document is None:
        assert export.ragged, "a well-formed CSV must not be refused"
        return
    (table,) = document["tables"]
    assert table["rows"] == len(export.rows)
    scoped = {f"{rule['id']}-t" for rule in rules if "where" in rule}
    for check in document["checks"]:
        whole_table = check["check"] not in scoped
        if check["type"] in ROW_COUNTING and check["status"] != "error" and whole_table:
            assert check["total"] == len(export.rows), check
        if check["type"] == "completeness" and whole_table:
            assert check["failed"] == missing_cells(export, check["column"]), check


def _figures(document: dict[str, Any], table: str) -> list[tuple[Any, ...]]:
    return [
        (c["check"].removesuffix(f"-{table}"), c["column"], c["failed"], c["total"], c["status"])
        for c in document["checks"]
        if c["table"] == table
    ]


@given(export=exports(gbk_only=True, ragged=False), data=st.data())
def test_utf8_gbk_and_bom_exports_give_identical_figures(export: Export, data: Any) -> None:
    text = export.text()
    rules = data.draw(checks(export.columns))
    encodings = {"utf8": "utf-8", "gbk": "gbk", "bom": "utf-8-sig"}
    with tempfile.TemporaryDirectory() as folder:
        for table, encoding in encodings.items():
            (Path(folder) / f"{table}.csv").write_bytes(text.encode(encoding))
        document = _assert_sane(
            _audit(Path(folder), {table: f"{table}.csv" for table in encodings}, rules)
        )
    assert document is not None, "a well-formed CSV must not be refused"
    rows = {t["name"]: t["rows"] for t in document["tables"]}
    assert rows == dict.fromkeys(encodings, len(export.rows))
    assert _figures(document, "gbk") == _figures(document, "utf8")
    assert _figures(document, "bom") == _figures(document, "utf8")


@given(export=exports(ragged=False), data=st.data())
def test_quoting_and_line_endings_do_not_change_the_figures(export: Export, data: Any) -> None:
    rules = data.draw(checks(export.columns))
    styles = {
        "minimal": replace(export, quoting=csv.QUOTE_MINIMAL, newline="\n"),
        "quoted": replace(export, quoting=csv.QUOTE_ALL, newline="\r\n"),
    }
    with tempfile.TemporaryDirectory() as folder:
        for table, style in styles.items():
            (Path(folder) / f"{table}.csv").write_bytes(style.text().encode("utf-8"))
        document = _assert_sane(
            _audit(Path(folder), {table: f"{table}.csv" for table in styles}, rules)
        )
    assert document is not None, "a well-formed CSV must not be refused"
    assert _figures(document, "quoted") == _figures(document, "minimal")
