"""`crmhealth init EXPORT...` writes rules that `crmhealth audit` runs as they are, and
`crmhealth audit EXPORT...` runs them directly."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from audit_helpers import invoke, write_csv

from crmhealth.errors import ExitCode

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "examples" / "exports"
EXAMPLE_FILES = sorted(EXPORTS.iterdir())


def _copy_examples(folder: Path) -> list[Path]:
    target = folder / "exports"
    target.mkdir()
    return [Path(shutil.copy(f, target / f.name)) for f in EXAMPLE_FILES]


def test_init_on_the_examples_writes_rules_audit_runs(tmp_path: Path) -> None:
    files = _copy_examples(tmp_path)
    rules = tmp_path / "rules.yaml"
    result = invoke("init", *files, "--output", rules)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout.startswith(f"wrote {rules}: 48 checks over 6 tables")
    text = rules.read_text(encoding="utf-8")
    assert "  contacts: exports/contacts.csv  # 3000 rows, 12 columns: people\n" in text
    assert "  accounts: {path: exports/crm.xlsx, sheet: Accounts}" in text
    assert "  # notes: {path: exports/crm.xlsx, sheet: Notes}" in text
    assert "# 100% of the distinct values are found in users.id\n" in text
    assert "      # - Customer  # 33 rows: a case variant of 'customer', left out\n" in text
    assert invoke("validate", rules).exit_code == ExitCode.OK
    audited = invoke("audit", rules, "--quiet")
    assert audited.exit_code == ExitCode.CHECKS_FAILED  # 7 of 25 users are under-active…
    assert audited.stdout.startswith("62 results: 38 pass, 22 warn, 2 fail")


def test_init_is_deterministic_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _copy_examples(tmp_path)
    first, second = tmp_path / "a" / "rules.yaml", tmp_path / "b" / "rules.yaml"
    for target in (first, second):
        target.parent.mkdir()
        monkeypatch.chdir(target.parent)
        assert invoke("init", *files).exit_code == ExitCode.OK
    assert first.read_bytes() == second.read_bytes()
    assert "#   crmhealth audit rules.yaml\n" in first.read_text(encoding="utf-8")
    before = first.read_bytes()
    again = invoke("init", *files, "-o", first)
    assert again.exit_code == ExitCode.USAGE_ERROR
    assert again.stderr.strip() == (
        f"crmhealth: error: {first}: the file exists and init never overwrites a rules file; "
        "choose another name with --output"
    )
    assert first.read_bytes() == before


def test_default_output_is_rules_yaml_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "leads.csv", ["email"], [[f"a{n}@163.com"] for n in range(6)])
    assert invoke("init", "leads.csv").exit_code == ExitCode.OK
    written = (tmp_path / "rules.yaml").read_text(encoding="utf-8")
    assert "  leads: leads.csv  # 6 rows, 1 columns: people\n" in written
    assert invoke("init", "leads.csv").exit_code == ExitCode.USAGE_ERROR
    assert (tmp_path / "rules.yaml").read_text(encoding="utf-8") == written


def test_chinese_comments_same_rules(tmp_path: Path) -> None:
    files = _copy_examples(tmp_path)
    english, chinese = tmp_path / "en.yaml", tmp_path / "zh.yaml"
    assert invoke("init", *files, "-o", english).exit_code == ExitCode.OK
    assert invoke("init", *files, "-o", chinese, "--lang", "zh").exit_code == ExitCode.OK
    en_text, zh_text = english.read_text("utf-8"), chinese.read_text("utf-8")
    assert yaml.safe_load(en_text) == yaml.safe_load(zh_text)
    assert "  # 97% 的值是有效的邮箱地址\n" in zh_text
    assert "  # 97% of values are valid email addresses\n" in en_text
    assert "的大小写变体，未列入" in zh_text
    assert "of values" not in zh_text


def test_stdout_output(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", ["邮箱"], [[f"a{n}@163.com"] for n in range(6)])
    result = invoke("init", path, "-o", "-")
    assert result.exit_code == ExitCode.OK
    assert yaml.safe_load(result.stdout)["checks"][1]["format"] == "email"


def _gbk_contacts(folder: Path, bad_phones: int) -> Path:
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴昊"]
    rows = [
        [
            f"K{n:03d}",
            names[n],
            f"139{n:04d}5678" if n >= bad_phones else f"139{n:03d}",
            f"user{n}@qq.com",
            "上海蓝海贸易有限公司",
            f"2026-10-{n + 10}",
        ]
        for n in range(10)
    ]
    header = ["客户编号", "姓名", "手机", "邮箱", "公司", "最后修改时间"]
    return write_csv(folder / "客户.csv", header, rows, encoding="gbk")


def test_audit_export_passes(tmp_path: Path) -> None:
    """A GBK export given to audit is data, not a rules file that is 'not UTF-8'."""
    path = _gbk_contacts(tmp_path, bad_phones=0)
    result = invoke("audit", path, "--quiet")
    assert result.exit_code == ExitCode.OK, result.stdout + result.stderr
    assert result.stdout.startswith("11 results: 11 pass, 0 warn, 0 fail")
    quoted = shlex.quote(str(path))
    assert result.stderr.strip() == (
        f"These are the checks `crmhealth init` proposes for {quoted}; to keep and edit them: "
        f"crmhealth init {quoted} -o rules.yaml"
    )


def test_audit_export_fails_by_the_figures(tmp_path: Path) -> None:
    path = _gbk_contacts(tmp_path, bad_phones=3)  # 3 of 10 phones too short: 70% < fail 95%
    result = invoke("audit", path, "--format", "json")
    assert result.exit_code == ExitCode.CHECKS_FAILED
    document = json.loads(result.stdout)
    phone = next(r for r in document["checks"] if r["check"] == "客户-手机-valid")
    assert (phone["failed"], phone["total"], phone["status"]) == (3, 10, "fail")
    assert document["tables"][0]["source"] == str(path)


def test_audit_rejects_a_mix_of_rules_and_exports(tmp_path: Path) -> None:
    path = _gbk_contacts(tmp_path, bad_phones=0)
    rules = tmp_path / "rules.yaml"
    rules.write_text("version: 1\n", encoding="utf-8")
    result = invoke("audit", rules, path)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stderr.strip() == (
        f"crmhealth: error: {rules}: give one rules file, or only data files "
        "(CSV, XLSX, SQLite, DuckDB)"
    )
    result = invoke("init", rules)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "not a data file" in result.stderr


def test_xlsx_with_chinese_headers_every_sheet(tmp_path: Path) -> None:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path / "导出.xlsx"
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    customers = book.add_worksheet("客户")
    for col, title in enumerate(["编号", "客户名称", "电话", "负责人", "创建时间", "阶段"]):
        customers.write(0, col, title)
    stages = ["初步接洽", "需求确认", "赢单", "输单"]
    for n in range(12):
        customers.write_string(n + 1, 0, f"C{n:03d}")
        customers.write_string(n + 1, 1, f"杭州{'一二三四五六七八九十甲乙'[n]}号科技有限公司")
        customers.write_string(n + 1, 2, f"0571-8{n:03d}6666")
        customers.write_string(n + 1, 3, "U1" if n % 2 else "U2")
        customers.write_datetime(n + 1, 4, dt.datetime(2026, 9, n + 1), dates)
        customers.write_string(n + 1, 5, stages[n % 4])
    follow = book.add_worksheet("跟进记录")
    for col, title in enumerate(["客户编号", "跟进人", "跟进时间", "跟进内容"]):
        follow.write(0, col, title)
    for n in range(30):
        follow.write_string(n + 1, 0, f"C{n % 12:03d}")
        follow.write_string(n + 1, 1, "U1" if n % 3 else "U2")
        follow.write_datetime(n + 1, 2, dt.datetime(2026, 10, n + 1), dates)
        follow.write_string(n + 1, 3, "电话沟通")
    book.close()

    rules = tmp_path / "rules.yaml"
    assert invoke("init", path, "-o", rules).exit_code == ExitCode.OK
    document = yaml.safe_load(rules.read_text(encoding="utf-8"))
    assert document["sources"] == {
        "客户": {"path": "导出.xlsx", "sheet": "客户"},
        "跟进记录": {"path": "导出.xlsx", "sheet": "跟进记录"},
    }
    assert document["as_of"] == dt.date(2026, 10, 30)
    by_id = {c["id"]: c for c in document["checks"]}
    assert by_id["客户-阶段-values"]["values"] == sorted(stages)  # 3 rows each
    assert by_id["客户-电话-valid"]["format"] == "phone"
    assert by_id["跟进记录-客户编号-integrity"]["references"] == "客户.编号"
    assert by_id["跟进记录-usage"]["user_column"] == "跟进人"
    assert by_id["跟进记录-usage"]["time_column"] == "跟进时间"
    audited = invoke("audit", rules, "--format", "json")
    assert audited.exit_code in (ExitCode.OK, ExitCode.CHECKS_FAILED), audited.stderr
    results = {(r["check"], r.get("column")): r for r in json.loads(audited.stdout)["checks"]}
    assert results[("客户-创建时间-date", "创建时间")]["failed"] == 0
    integrity = results[("跟进记录-客户编号-integrity", "客户编号")]
    assert (integrity["failed"], integrity["total"]) == (0, 30)


def test_hostile_values_stay_values(tmp_path: Path) -> None:
    """Values and headers with YAML syntax, comment signs or line breaks are quoted and stay
    out of comments."""
    header = ["分类 # 1", "key: value", "e-mail: #1"]
    values = ["a # b", "x: y", "line\nbreak", "'quoted'", "- dash"]
    rows = [[values[n % 5], f"v{n}", f"a{n}@qq.com"] for n in range(25)]
    path = write_csv(tmp_path / "odd.csv", header, rows)
    rules = tmp_path / "rules.yaml"
    assert invoke("init", path, "-o", rules).exit_code == ExitCode.OK
    document = yaml.safe_load(rules.read_text(encoding="utf-8"))
    check = next(c for c in document["checks"] if c.get("format") == "allowed")
    assert check["column"] == "分类 # 1"
    assert sorted(check["values"]) == sorted(values)
    email = next(c for c in document["checks"] if c.get("format") == "email")
    assert email["column"] == "e-mail: #1"
    assert all(
        line.startswith(("#", " ", "version", "region", "sources", "checks")) or not line
        for line in rules.read_text(encoding="utf-8").split("\n")
    )
    audited = invoke("audit", rules, "--quiet")
    assert audited.exit_code == ExitCode.OK, audited.stderr


def test_nothing_to_check(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "misc.csv", ["a", "b"], [["x", "1"], ["y", "2"]])
    result = invoke("init", path, "-o", tmp_path / "rules.yaml")
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stderr.strip() == (
        f"crmhealth: error: {path}: nothing recognised to check; write the checks by hand "
        "(`crmhealth checks` lists them with examples)"
    )
    assert not (tmp_path / "rules.yaml").exists()


def test_us_slash_dates_get_formats(tmp_path: Path) -> None:
    """'Last Modified' written 10/25/2026 14:00: month first (25 > 12), so freshness reads the
    dates with formats and ages them right."""
    recent = [f"10/{d}/2026 14:00" for d in (21, 22, 23, 24, 25)]
    old = [f"01/0{d}/2025 09:30" for d in (1, 2, 3)]
    rows = [[f"u{n}@example.com", day] for n, day in enumerate(recent + old)]
    path = write_csv(tmp_path / "leads.csv", ["Email", "Last Modified"], rows)
    rules = tmp_path / "rules.yaml"
    assert invoke("init", path, "-o", rules).exit_code == ExitCode.OK
    document = yaml.safe_load(rules.read_text(encoding="utf-8"))
    assert document["as_of"] == dt.date(2026, 10, 25)
    fresh = next(c for c in document["checks"] if c["type"] == "freshness")
    assert fresh["formats"] == ["%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S"]
    audited = invoke("audit", rules, "--format", "json")
    result = next(r for r in json.loads(audited.stdout)["checks"] if r["type"] == "freshness")
    assert (result["failed"], result["total"]) == (3, 8)


def test_duckdb_every_table_paired(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "crm.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE accounts (id VARCHAR, name VARCHAR, industry VARCHAR)")
    conn.execute("CREATE TABLE deals (deal_no VARCHAR, account_ref VARCHAR, amount VARCHAR)")
    for n in range(10):
        conn.execute(
            "INSERT INTO accounts VALUES (?, ?, ?)",
            [
                f"A-{n:03d}",
                f"成都{'一二三四五六七八九十'[n]}号贸易有限公司",
                ["IT", "Retail"][n % 2],
            ],
        )
    for n in range(20):  # two deals point at A-099, which does not exist
        account = "A-099" if n >= 18 else f"A-{n % 10:03d}"
        conn.execute("INSERT INTO deals VALUES (?, ?, ?)", [f"D{n}", account, str(100 * n - 500)])
    conn.close()
    rules = tmp_path / "rules.yaml"
    assert invoke("init", path, "-o", rules).exit_code == ExitCode.OK
    document = yaml.safe_load(rules.read_text(encoding="utf-8"))
    assert document["sources"] == {
        "accounts": {"path": "crm.duckdb", "table": "accounts"},
        "deals": {"path": "crm.duckdb", "table": "deals"},
    }
    by_id = {c["id"]: c for c in document["checks"]}
    # account_ref does not name the table; 10 of its 11 distinct values are accounts' ids.
    assert by_id["deals-account_ref-integrity"]["references"] == "accounts.id"
    assert by_id["deals-amount-range"]["min"] == 0
    audited = invoke("audit", rules, "--format", "json")
    assert audited.exit_code == ExitCode.CHECKS_FAILED
    results = {r["check"]: r for r in json.loads(audited.stdout)["checks"]}
    assert (
        results["deals-account_ref-integrity"]["failed"],
        results["deals-account_ref-integrity"]["total"],
    ) == (2, 20)
    assert (results["deals-amount-range"]["failed"], results["deals-amount-range"]["total"]) == (
        5,
        20,
    )


def test_an_id_column_with_repeats_is_still_the_key(tmp_path: Path) -> None:
    """40 contacts, one id entered twice: the id stays the key others point at, and its
    repeats are checked."""
    contacts = [[f"C{n:02d}", f"c{n}@qq.com"] for n in range(40)] + [["C07", "dup@qq.com"]]
    write_csv(tmp_path / "contacts.csv", ["id", "email"], contacts)
    calls = [[f"C{n % 40:02d}", f"2026-10-{n % 28 + 1:02d}"] for n in range(60)]
    write_csv(tmp_path / "calls.csv", ["contact_id", "date"], calls)
    rules = tmp_path / "rules.yaml"
    result = invoke("init", tmp_path / "contacts.csv", tmp_path / "calls.csv", "-o", rules)
    assert result.exit_code == ExitCode.OK
    by_id = {c["id"]: c for c in yaml.safe_load(rules.read_text("utf-8"))["checks"]}
    assert by_id["contacts-id-duplicates"]["keys"] == ["id"]
    assert by_id["calls-contact_id-integrity"]["references"] == "contacts.id"
    assert "# 'id' is the table's id, yet 1 values repeat: ids must be unique" in rules.read_text(
        "utf-8"
    )


def test_a_folder_stands_for_its_data_files(tmp_path: Path) -> None:
    _copy_examples(tmp_path)
    (tmp_path / "exports" / "notes.md").write_text("a, b\n", encoding="utf-8")
    (tmp_path / "exports" / "~$crm.xlsx").write_bytes(b"lock")
    (tmp_path / "exports" / ".hidden.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    assert invoke("init", tmp_path / "exports", "-o", rules).exit_code == ExitCode.OK
    sources = yaml.safe_load(rules.read_text(encoding="utf-8"))["sources"]
    assert sources == {
        "contacts": "exports/contacts.csv",
        "activities": {"path": "exports/crm.sqlite", "table": "activities"},
        "accounts": {"path": "exports/crm.xlsx", "sheet": "Accounts"},
        "feedback": "exports/feedback.csv",
        "opportunities": "exports/opportunities.csv",
        "users": "exports/users.csv",
    }
    audited = invoke("audit", tmp_path / "exports", "--quiet")
    assert audited.exit_code == ExitCode.CHECKS_FAILED
    assert audited.stdout.startswith("62 results: 38 pass, 22 warn, 2 fail")
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = invoke("init", empty, "-o", tmp_path / "other.yaml")
    assert refused.exit_code == ExitCode.USAGE_ERROR
    assert "no data files (CSV, XLSX, SQLite, DuckDB) in this folder" in refused.stderr


def test_an_empty_sheet_is_listed_not_fatal(tmp_path: Path) -> None:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Blank")
    data = book.add_worksheet("Data")
    data.write_row(0, 0, ["email", "phone"])
    for n in range(6):
        data.write_row(n + 1, 0, [f"a{n}@qq.com", f"1391234567{n}"])
    book.close()
    rules = tmp_path / "rules.yaml"
    assert invoke("init", path, "-o", rules).exit_code == ExitCode.OK
    text = rules.read_text(encoding="utf-8")
    assert "  # blank: {path: book.xlsx, sheet: Blank}  # " in text
    assert "  data: {path: book.xlsx, sheet: Data}  # 6 rows, 2 columns: people\n" in text
    assert invoke("audit", rules, "--quiet").exit_code == ExitCode.OK
