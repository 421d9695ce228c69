"""CSV sources: encodings (UTF-8, BOM, GBK/GB18030 detected; `encoding:` override), delimiters
(sniffed or `delimiter:`), line endings, paths relative to the rules file, and the errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_helpers import csv_text, position, write_csv, write_rules

from crmhealth.engine import run_audit
from crmhealth.errors import UserError
from crmhealth.results import AuditReport
from crmhealth.rules import load_rules
from crmhealth.sources import load_table

CHINESE_ROWS = [["1", "张三", "13912345678"], ["2", "李四", None], ["3", "王五", "139-1234-567"]]


def _audit(folder: Path, source: object, checks: list[dict[str, object]]) -> AuditReport:
    rules = write_rules(folder, {"t": source}, checks, as_of="2026-11-01", region="CN")
    return run_audit(load_rules(rules))


def _frame_rows(folder: Path, source: object) -> list[dict[str, str | None]]:
    rules = load_rules(
        write_rules(folder, {"t": source}, [{"type": "completeness", "table": "t", "column": "id"}])
    )
    return load_table(rules.sources["t"]).frame.to_dicts()


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_chinese_windows_export_is_detected_and_read(tmp_path: Path, encoding: str) -> None:
    write_csv(tmp_path / "c.csv", ["编号", "姓名", "手机"], CHINESE_ROWS, encoding=encoding)
    assert _frame_rows(tmp_path, "c.csv") == [
        {"编号": "1", "姓名": "张三", "手机": "13912345678"},
        {"编号": "2", "姓名": "李四", "手机": None},
        {"编号": "3", "姓名": "王五", "手机": "139-1234-567"},
    ]
    report = _audit(
        tmp_path,
        "c.csv",
        [
            {"type": "completeness", "table": "t", "column": "手机"},
            {"type": "validity", "table": "t", "column": "手机", "format": "phone"},
        ],
    )
    completeness, validity = report.results
    assert (completeness.failed, completeness.total) == (1, 3)
    assert (validity.failed, validity.total) == (1, 2)
    # 编号 is recognised as the id column: samples quote it.
    assert [s.to_dict() for s in completeness.samples] == [
        {"row": 2, "id": "2", "value": None, "reason": "missing 手机"}
    ]


def test_gb18030_only_characters_survive(tmp_path: Path) -> None:
    # U+20000 is outside GBK but encodable in GB18030 (four bytes).
    write_csv(tmp_path / "c.csv", ["id", "name"], [["1", "𠀀先生"]], encoding="gb18030")
    assert _frame_rows(tmp_path, "c.csv") == [{"id": "1", "name": "𠀀先生"}]


def test_gbk_after_the_first_mebibyte_of_ascii_is_still_detected(tmp_path: Path) -> None:
    ascii_rows = "".join(f"{i},row{i:07d}\n" for i in range(80_000))
    data = ("id,name\n" + ascii_rows).encode("ascii") + "80000,张三\n".encode("gbk")
    assert len(data) > 1 << 20
    (tmp_path / "c.csv").write_bytes(data)
    rows = _frame_rows(tmp_path, "c.csv")
    assert (len(rows), rows[-1]) == (80_001, {"id": "80000", "name": "张三"})


def test_utf8_bom_is_not_part_of_the_first_column_name(tmp_path: Path) -> None:
    text = csv_text(["id", "email"], [["1", "li.na@qq.com"], ["2", None]])
    (tmp_path / "c.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = _audit(tmp_path, "c.csv", [{"type": "completeness", "table": "t", "column": "email"}])
    (result,) = report.results
    assert (result.failed, result.total) == (1, 2)
    assert [s.to_dict() for s in result.samples] == [
        {"row": 2, "id": "2", "value": None, "reason": "missing email"}
    ]  # "id", not "\ufeffid"


@pytest.mark.parametrize(
    ("file_name", "delimiter"),
    [("c.csv", ";"), ("c.csv", "\t"), ("c.tsv", "\t"), ("c.csv", "|")],
)
def test_delimiter_is_sniffed_from_the_header(
    tmp_path: Path, file_name: str, delimiter: str
) -> None:
    rows = [["1", "Li, Na", "a@x.com"], ["2", "Wang", None]]
    write_csv(tmp_path / file_name, ["id", "name", "email"], rows, delimiter=delimiter)
    assert _frame_rows(tmp_path, file_name) == [
        {"id": "1", "name": "Li, Na", "email": "a@x.com"},
        {"id": "2", "name": "Wang", "email": None},
    ]


def test_delimiter_override(tmp_path: Path) -> None:
    # The header has more commas than semicolons, so only `delimiter:` reads it right.
    (tmp_path / "c.csv").write_text("id;name,alias\n1;Li,Na\n", encoding="utf-8")
    assert _frame_rows(tmp_path, {"path": "c.csv", "delimiter": ";"}) == [
        {"id": "1", "name,alias": "Li,Na"}
    ]


def test_encoding_override_reads_a_western_windows_export(tmp_path: Path) -> None:
    # cp1252 "Müller" is also a valid GB18030 byte sequence, so detection alone misreads it.
    (tmp_path / "c.csv").write_bytes("id,name\n1,Müller\n".encode("cp1252"))
    assert _frame_rows(tmp_path, {"path": "c.csv", "encoding": "cp1252"}) == [
        {"id": "1", "name": "Müller"}
    ]


def test_encoding_override_gbk(tmp_path: Path) -> None:
    write_csv(tmp_path / "c.csv", ["id", "姓名"], [["1", "张三"]], encoding="gbk")
    assert _frame_rows(tmp_path, {"path": "c.csv", "encoding": "gbk"}) == [
        {"id": "1", "姓名": "张三"}
    ]


def test_wrong_encoding_override_is_a_user_error(tmp_path: Path) -> None:
    write_csv(tmp_path / "c.csv", ["id", "name"], [["1", "张三"]], encoding="gbk")
    with pytest.raises(UserError, match="cannot read as CSV") as raised:
        _frame_rows(tmp_path, {"path": "c.csv", "encoding": "utf-8"})
    assert raised.value.where == str(tmp_path / "c.csv")


def test_unknown_encoding_name_points_at_the_rules_line(tmp_path: Path) -> None:
    write_csv(tmp_path / "c.csv", ["id"], [["1"]])
    with pytest.raises(UserError, match="unknown encoding 'klingon'") as raised:
        _frame_rows(tmp_path, {"path": "c.csv", "encoding": "klingon"})
    assert raised.value.where == position(tmp_path / "rules.yaml", "encoding:")


def test_windows_line_endings_do_not_leak_into_the_last_column(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_bytes(b"id,updated_at\r\n1,2026-05-05\r\n2,2026-05-04\r\n")
    report = _audit(
        tmp_path,
        "c.csv",
        [{"type": "freshness", "table": "t", "column": "updated_at", "max_age": "180d"}],
    )
    (result,) = report.results
    assert (result.failed, result.total) == (1, 2)


def test_values_are_text_exactly_as_written(tmp_path: Path) -> None:
    # No type inference: leading zeros, long digit strings and dates stay as written.
    (tmp_path / "c.csv").write_text(
        "id,zip,phone,d\n007,010020,13912345678,2026-05-05\n", encoding="utf-8"
    )
    assert _frame_rows(tmp_path, "c.csv") == [
        {"id": "007", "zip": "010020", "phone": "13912345678", "d": "2026-05-05"}
    ]


def test_paths_are_relative_to_the_rules_file_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "exports").mkdir()
    write_csv(tmp_path / "exports" / "c.csv", ["id", "email"], [["1", None]])
    check = {"type": "completeness", "table": "t", "column": "email"}
    rules = write_rules(tmp_path, {"t": "exports/c.csv"}, [check])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (result,) = run_audit(load_rules(rules)).results
    assert (result.failed, result.total) == (1, 1)


def test_missing_file_names_the_source_and_the_rules_line(tmp_path: Path) -> None:
    rules = write_rules(
        tmp_path, {"t": "nope.csv"}, [{"type": "completeness", "table": "t", "column": "email"}]
    )
    with pytest.raises(UserError, match="source 't': file not found") as raised:
        run_audit(load_rules(rules))
    assert raised.value.where == position(rules, "t:")


def test_empty_file_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_bytes(b"")
    with pytest.raises(UserError, match="the file is empty"):
        _frame_rows(tmp_path, "c.csv")


def test_unknown_suffix_needs_kind(tmp_path: Path) -> None:
    write_csv(tmp_path / "c.export", ["id"], [["1"]])
    with pytest.raises(UserError, match=r"cannot tell the kind of 'c\.export'"):
        _frame_rows(tmp_path, "c.export")
    assert _frame_rows(tmp_path, {"path": "c.export", "kind": "csv"}) == [{"id": "1"}]


def test_excel_unicode_text_export_utf16_with_tabs(tmp_path: Path) -> None:
    # Excel's "Unicode Text (*.txt)": UTF-16LE with a BOM, tab-delimited, CRLF.
    text = "id\t姓名\temail\r\n1\t张三\ta@x.com\r\n2\t李四\t\r\n"
    (tmp_path / "c.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    assert _frame_rows(tmp_path, "c.txt") == [
        {"id": "1", "姓名": "张三", "email": "a@x.com"},
        {"id": "2", "姓名": "李四", "email": None},
    ]


def test_a_row_with_more_fields_than_the_header_names_its_line(tmp_path: Path) -> None:
    # Only `id` is checked, yet the unquoted comma on line 3 must not shift values silently.
    (tmp_path / "c.csv").write_text("id,name\n1,Li Na\n2,Wang, Wei\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        _frame_rows(tmp_path, "c.csv")
    assert str(raised.value) == (
        f"{tmp_path / 'c.csv'}: source 't': line 3 has 3 fields but the header has 2; a value "
        "containing ',' or a line break must be quoted (re-export the file, or fix that line)"
    )
